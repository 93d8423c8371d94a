// Every page of every role, in Debian's Chromium (issue 17, "Tests"): the
// page list is GENERATED from the route table (`relais routes`: every GET
// route answering HTML, with the roles the policy lets in), so a new page
// is checked without being listed here; the ids in the paths come from the
// demo database (`relais demo`).  For each page × role:
//   - no horizontal overflow (documentElement.scrollWidth <= innerWidth)
//     at 1366, 1920 and 390 px;
//   - axe-core: 0 violations (at 1366 px; at all three widths with
//     RELAIS_BROWSER_FULL=1, `make test-browser-full`);
//   - html-validate clean on the page as the server sent it.
// One browser, one signed-in page per role, reused from page to page.
//
// Run: make -j2 && node --test tests/browser/pages.test.mjs
// Binary: $RELAIS_BIN, default build/relais.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	openPageIn, checkAxe, stopServer, startServer, launchBrowser, enrolThroughApi, apiSession,
} from './page.mjs';
import { HtmlValidate } from 'html-validate';
import { Codes } from './totp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.RELAIS_BIN
	? path.resolve(process.env.RELAIS_BIN)
	: path.resolve(here, '../../build/relais');
const FULL = process.env.RELAIS_BROWSER_FULL === '1';
// A folder to keep screenshots of each role's home page at each width in
// (to look at the layout, or refresh the README's), or none.
const SHOTS = process.env.RELAIS_SCREENSHOTS;
const WIDTHS = [1366, 1920, 390];
const HEIGHT = 900;
const validator = new HtmlValidate({
	extends: ['html-validate:recommended'],
	rules: {
		// As in smoke.test.mjs: checkboxes sharing one name are one field.
		'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
	},
});
const PASSWORD = 'une phrase de passe pour la démo';
const SIGNIN = '/login';

// One account per role: the demo's, and those the demo has not (made with
// `relais user add`).  The worker is the demo's CESF.
const ACCOUNTS = {
	worker: 'cesf.garcia',
	head: 'responsable',
	auditor: 'dpo',
	employer: 'rh.montreuil',
	admin: 'admin.pages',
	reception: 'accueil.pages',
};

let dir;
let db;
let server;
let serverExit;
let baseURL;
let browser;
let pages = [];     // from `relais routes`
const secrets = new Map(); // login → TOTP secret
const loginOf = new Map();
const codes = new Codes(async (secret) => {
	const login = loginOf.get(secret).replace(/'/g, "''");
	sql(`UPDATE users SET totp_last_step = NULL WHERE login = '${login}'`);
});
// What fills each path parameter, per role (see fillIds()).
const ids = {};

function run(args, timeout = 120_000) {
	const r = spawnSync(BIN, args, { encoding: 'utf8', timeout });
	assert.equal(r.status, 0, `relais ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

function sql(query) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout.trim();
}

const LINK = /^enrolment link: \S+\/inscription\/([A-Za-z0-9_-]{43})$/m;

async function enrol(login, token) {
	const { secret } = await enrolThroughApi(baseURL, token, PASSWORD, codes);
	secrets.set(login, secret);
	loginOf.set(secret, login);
}

function apiSignIn(login) {
	return codes.next(secrets.get(login)).then((code) => apiSession(baseURL, login, PASSWORD, code));
}

// The ids of the demo: the worker's own person and case, an organisation
// the role may open, a public request link, an unspent enrolment link.
async function fillIds(inscriptionToken) {
	const worker = ACCOUNTS.worker;
	const caseRow = sql(`SELECT c.id, c.person_id FROM cases c JOIN users u ON u.id = c.referent_id
		WHERE u.login = '${worker}' ORDER BY c.closed_on IS NULL DESC, c.id DESC LIMIT 1`);
	assert.match(caseRow, /^\d+\|\d+$/, `a case of ${worker} in the demo`);
	const [caseId, personId] = caseRow.split('|');
	const org = sql(`SELECT o.code FROM organisations o JOIN users u ON u.organisation_id = o.id
		WHERE u.login = '${ACCOUNTS.employer}'`);
	assert.ok(org, `the employer's organisation`);
	const head = await apiSignIn(ACCOUNTS.head);
	const res = await fetch(new URL(`/api/v1/organisations/${org}/request-link`, baseURL), {
		method: 'POST',
		headers: { cookie: head.cookie, 'x-csrf-token': head.csrf },
	});
	assert.equal(res.status, 201, `a public request link: ${await res.clone().text()}`);
	const requestToken = (await res.json()).path.split('/').pop();
	// A time entry of the worker's in each organisation she serves, today:
	// /heures lists it with its correction and deletion forms.
	const mine = sql(`SELECT o.code FROM organisations o JOIN assignments a ON a.organisation_id = o.id
		JOIN users u ON u.id = a.user_id WHERE u.login = '${worker}'`).split('\n').filter(Boolean);
	assert.ok(mine.length > 0, `${worker} serves an organisation in the demo`);
	const cesf = await apiSignIn(worker);
	for (const code of mine) {
		const t = await fetch(new URL('/api/v1/time', baseURL), {
			method: 'POST',
			headers: { cookie: cesf.cookie, 'x-csrf-token': cesf.csrf, 'content-type': 'application/json' },
			body: JSON.stringify({ organisation: code, date: new Date().toISOString().slice(0, 10),
				minutes: 45, activity: 'reunion' }),
		});
		assert.equal(t.status, 201, `a time entry in ${code}: ${await t.clone().text()}`);
	}
	const byPath = {
		'/persons/{id}': { id: personId },
		'/persons/{id}/chronologie': { id: personId },
		'/cases/{id}': { id: caseId },
		'/cases/{id}/interventions': { id: caseId },
		'/organisations/{code}': { code: org },
		'/demande/{token}': { token: requestToken },
		'/inscription/{token}': { token: inscriptionToken },
	};
	Object.assign(ids, byPath);
}

// The path of a page with its parameters filled.
function concrete(pattern) {
	if (!pattern.includes('{')) return pattern;
	const values = ids[pattern];
	assert.ok(values, `no ids for ${pattern}: add its parameters to fillIds() in ${path.basename(fileURLToPath(import.meta.url))}`);
	return pattern.replace(/\{(\w+)\}/g, (_, name) => {
		assert.ok(values[name], `no value for {${name}} of ${pattern}`);
		return encodeURIComponent(values[name]);
	});
}

before(async () => {
	assert.ok(fs.existsSync(BIN), `relais binary not found at ${BIN} (run make first)`);
	pages = JSON.parse(run(['routes']));
	assert.ok(pages.length > 10, 'relais routes lists the pages');
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-pages-'));
	db = path.join(dir, 't.db');
	run(['init', '--db', db]);
	const demo = run(['demo', '--db', db]);
	// The demo prints each account's login and role, then its link.
	const tokens = {};
	for (const m of demo.matchAll(/^ {2}(\S+) +(\S+)\nenrolment link: \S+\/inscription\/([A-Za-z0-9_-]{43})$/gm))
		tokens[m[1]] = m[3];
	for (const [role, login] of Object.entries(ACCOUNTS)) {
		if (tokens[login]) continue;
		const out = run(['user', 'add', '--db', db, '--login', login, '--name', `Compte ${role}`,
			'--role', role]);
		const m = LINK.exec(out);
		assert.ok(m, `relais user add prints an enrolment link:\n${out}`);
		tokens[login] = m[1];
	}
	// An enrolment link left unspent, for its page.
	const spare = LINK.exec(run(['user', 'add', '--db', db, '--login', 'nouvelle.pages', '--name',
		'Nouvelle Collègue', '--role', 'auditor']))[1];
	({ server, serverExit, baseURL } = await startServer(BIN, ['--db', db, '--listen', '127.0.0.1:0']));
	for (const login of Object.values(ACCOUNTS)) {
		assert.ok(tokens[login], `an enrolment link for ${login}`);
		await enrol(login, tokens[login]);
	}
	await fillIds(spare);
	browser = await launchBrowser();
});

after(async () => {
	try {
		if (browser) await browser.close();
		if (server) await stopServer(server, serverExit);
	} finally {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	}
});

async function signIn(page, login) {
	await page.goto(SIGNIN);
	await page.fill('#login', login);
	await page.fill('#password', PASSWORD);
	await page.fill('#code', await codes.next(secrets.get(login)));
	await Promise.all([
		page.waitForNavigation(),
		page.click(`form[action="${SIGNIN}"] button[type="submit"]`),
	]);
	assert.equal(new URL(page.url()).pathname, '/', `${login} signed in`);
}

async function checkHtml(html, where) {
	const report = await validator.validateString(html);
	const messages = report.results.flatMap((r) => r.messages.map((m) =>
		`${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
	assert.ok(report.valid, `html-validate on ${where}:\n${messages.join('\n')}`);
}

// Whether the page is wider than the window, and what sticks out.
async function overflow(page) {
	return page.evaluate(() => {
		const width = window.innerWidth;
		if (document.documentElement.scrollWidth <= width) return null;
		const wide = [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > width + 1)
			.filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
			.slice(0, 5)
			.map((el) => `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> right=${Math.round(el.getBoundingClientRect().right)}`);
		return `scrollWidth ${document.documentElement.scrollWidth} > ${width}: ${wide.join(', ')}`;
	});
}

// One page as one role (or signed out): its status is not a server error,
// it is HTML, valid, accessible, and fits each width.
// The statuses (404…) whose page a role has had checked in full: the same
// error page again gets only the overflow check.
const errorPagesSeen = new Set();

async function checkPage(page, errors, pattern, who) {
	const url = concrete(pattern);
	const where = `${url} (${who})`;
	const failures = [];
	await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
	const res = await page.goto(url);
	assert.ok(res, `${where}: no answer`);
	assert.ok(res.status() < 500, `${where}: status ${res.status()}`);
	assert.match(res.headers()['content-type'] ?? '', /^text\/html/,
		`${where} is not HTML: mark its route ROUTE_FILE in src/routes/routes.c`);
	const html = (await res.body()).toString('utf8');
	const again = res.status() >= 400 && errorPagesSeen.has(`${who} ${res.status()}`);
	errorPagesSeen.add(`${who} ${res.status()}`);
	if (!again) {
		try {
			await checkHtml(html, where);
		} catch (e) {
			failures.push(e.message);
		}
	}
	for (const [i, width] of WIDTHS.entries()) {
		if (i > 0) await page.setViewportSize({ width, height: HEIGHT });
		const over = await overflow(page);
		if (over) failures.push(`${where} at ${width} px: ${over}`);
		if (SHOTS && pattern === '/')
			await page.screenshot({ path: path.join(SHOTS, `home-${who}-${width}.png`), fullPage: true });
		if (!again && (i === 0 || FULL)) {
			try {
				await checkAxe(page);
			} catch (e) {
				failures.push(`${where} at ${width} px: ${e.message}`);
			}
		}
	}
	const status = res.status();
	const unexpected = errors.filter((e) => !(status >= 400 && new RegExp(`status of ${status}\\b`).test(e)));
	if (unexpected.length) failures.push(`${where}: console errors:\n${unexpected.join('\n')}`);
	errors.length = 0;
	return failures;
}

test('relais routes lists the HTML pages with their roles, not the API nor files', () => {
	const paths = pages.map((p) => p.path);
	for (const p of ['/', '/login', '/persons', '/cases/{id}', '/audit'])
		assert.ok(paths.includes(p), `${p} is listed`);
	for (const p of paths) {
		assert.doesNotMatch(p, /^\/api\//);
		assert.ok(!['/healthz', '/assets/{file}', '/calendar/{file}', '/conservation/bordereau'].includes(p), p);
	}
	for (const p of pages)
		assert.ok(p.public || p.roles.length > 0, `${p.path}: some role may open it`);
});

test('the signed-out pages fit every width, are valid and accessible', async () => {
	const { context, page, errors } = await openPageIn(browser, baseURL);
	const failures = [];
	try {
		for (const p of pages.filter((q) => q.public))
			failures.push(...await checkPage(page, errors, p.path, 'signed out'));
	} finally {
		await context.close();
	}
	assert.deepEqual(failures, []);
});

// Two roles at a time, each in its own context of the one browser.
describe('every page of every role', { concurrency: 2 }, () => {
	for (const [role, login] of Object.entries(ACCOUNTS)) {
		test(`every page of the ${role} fits every width, is valid and accessible`, async () => {
			const mine = pages.filter((p) => p.roles.includes(role) && !p.public);
			assert.ok(mine.length > 0, `${role} has pages`);
			const { context, page, errors } = await openPageIn(browser, baseURL);
			const failures = [];
			try {
				await signIn(page, login);
				for (const p of mine)
					failures.push(...await checkPage(page, errors, p.path, role));
				// The menu: "Se déconnecter" within the window at 1366 px.
				await page.setViewportSize({ width: 1366, height: HEIGHT });
				await page.goto('/');
				const out = page.locator('.menu-wide button', { hasText: 'Se déconnecter' });
				assert.ok(await out.isVisible(), `${role}: "Se déconnecter" visible at 1366 px`);
				const box = await out.boundingBox();
				assert.ok(box.x + box.width <= 1366, `${role}: "Se déconnecter" within 1366 px`);
				// The home page's cards: a few columns, each wide enough for its
				// title's longest word on one line (not ten crushed columns).
				const cards = await page.$$eval('.cards > article', (els) => els.map((e) => {
					const h = e.querySelector('h3 a');
					const words = h.textContent.split(/\s+/);
					const probe = document.createElement('span');
					probe.style.whiteSpace = 'nowrap';
					probe.textContent = words.reduce((a, w) => (w.length > a.length ? w : a), '');
					h.append(probe);
					const need = probe.getBoundingClientRect().width;
					probe.remove();
					return { left: Math.round(e.getBoundingClientRect().left), need, width: h.getBoundingClientRect().width };
				}));
				assert.ok(new Set(cards.map((c) => c.left)).size <= 4, `${role}: at most 4 columns of cards at 1366 px`);
				for (const c of cards)
					assert.ok(c.width >= c.need, `${role}: a card title's longest word fits its card`);
				// At 390 px, one "Menu" button that opens the menu, no script needed.
				await page.setViewportSize({ width: 390, height: HEIGHT });
				const menu = page.locator('details.menu-narrow > summary');
				assert.ok(await menu.isVisible(), `${role}: a "Menu" button at 390 px`);
				assert.ok(!(await page.locator('.menu-wide').isVisible()), `${role}: the row hidden at 390 px`);
				await menu.click();
				assert.ok(await page.locator('details.menu-narrow button', { hasText: 'Se déconnecter' }).isVisible(),
					`${role}: the menu opens`);
				const over = await overflow(page);
				assert.equal(over, null, `${role}: the open menu fits 390 px`);
			} finally {
				await context.close();
			}
			assert.deepEqual(failures, []);
		});
	}
});
