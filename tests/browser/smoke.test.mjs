// Browser smoke test: the real binary, a fresh database, Debian's Chromium.
// Checks accessibility (axe-core), markup validity (html-validate), the CSP
// (no console error) on every page of the product, for each role, with the
// error pages (404, a 422 re-render), and the main flows through the browser.
//
// Run: make -j2 && node --test tests/browser/
// Binary: $RELAIS_BIN, default build/relais.
import { test, before, after } from 'node:test';
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
const validator = new HtmlValidate({
	extends: ['html-validate:recommended'],
	rules: {
		// The domain checkboxes of the case forms share their name "domains":
		// one field, several values, as HTML means checkboxes to.
		'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
	},
});

const PASSWORD = 'correct horse battery';
const USERS = {
	marie: { name: 'Marie Dupré', role: 'worker' },
	admin: { name: 'Alice Admin', role: 'admin' },
	audit: { name: 'Paul Auditeur', role: 'auditor' },
	cheffe: { name: 'Claire Cheffe', role: 'head' },
	luc: { name: 'Luc Collègue', role: 'worker' },
	rh: { name: 'Rita Employeur', role: 'employer', organisation: 'acme' },
	accueil: { name: 'Agnès Accueil', role: 'reception' },
};
const ORG = 'acme';
// The sign-in page (issue 13: login, password and the second factor's
// code).  The contract names it /connexion; branch signin keeps /login.
const SIGNIN = '/login';
// Each account's second-factor secret, from its enrolment (see before()).
const secrets = new Map();
const loginOf = new Map();
// Fresh codes, one time step after the last one given; when both steps of
// the window are spent, the account's stored step is cleared behind the
// server's back (as the C harness does with fixture_sql), never a sleep.
const codes = new Codes(async (secret) => {
	const login = loginOf.get(secret).replace(/'/g, "''");
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db,
		`UPDATE users SET totp_last_step = NULL WHERE login = '${login}'`], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
});

let dir;
let db;
let server;
let serverExit;
let baseURL;
let browser;
// The records set up through the API for marie (see before()).
let personId;
let caseId;
let partnerId;

function run(args, input) {
	const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 10_000 });
	assert.equal(r.status, 0, `relais ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

before(async () => {
	assert.ok(fs.existsSync(BIN), `relais binary not found at ${BIN} (run make first)`);
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-browser-'));
	db = path.join(dir, 't.db');
	run(['init', '--db', db]);
	run(['organisation', 'add', '--db', db, '--code', ORG, '--name', 'ACME Nettoyage',
		'--kind', 'entreprise']);
	const tokens = {};
	for (const [login, u] of Object.entries(USERS)) {
		const out = run(['user', 'add', '--db', db, '--login', login, '--name', u.name, '--role', u.role,
			...(u.organisation ? ['--organisation', u.organisation] : [])]);
		const m = /^enrolment link: \S+\/inscription\/([A-Za-z0-9_-]{43})$/m.exec(out);
		assert.ok(m, `relais user add prints an enrolment link:\n${out}`);
		tokens[login] = m[1];
	}

	({ server, serverExit, baseURL } = await startServer(BIN, ['--db', db, '--listen', '127.0.0.1:0']));

	// Each account enrols through its link (the browser's enrolment is
	// tests/browser/enrol.test.mjs): its password and second factor.
	for (const [login, token] of Object.entries(tokens))
		await enrol(login, token);
	await setUpRecords();

	browser = await launchBrowser();
});

// The account enrols through its link (page.mjs): its password and a code.
async function enrol(login, token) {
	const { login: enrolled, secret } = await enrolThroughApi(baseURL, token, PASSWORD, codes);
	assert.equal(enrolled, login);
	secrets.set(login, secret);
	loginOf.set(secret, login);
}

// A fresh second-factor code of an account.
function codeOf(login) {
	return codes.next(secrets.get(login));
}

// A JSON API session: the cookie and the CSRF token of the sign-in.
async function apiSignIn(login) {
	return apiSession(baseURL, login, PASSWORD, await codeOf(login));
}

async function api(sess, method, pathname, body, status) {
	const res = await fetch(new URL(pathname, baseURL), {
		method,
		headers: { cookie: sess.cookie, 'x-csrf-token': sess.csrf, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	assert.equal(res.status, status, `${method} ${pathname}: ${text}`);
	return text ? JSON.parse(text) : null;
}

// YYYY-MM-DD, days from today (UTC; a week away from any time zone edge).
function isoDate(days) {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// The head assigns both workers to the organisation; marie accompanies a
// person, with a case (diagnosis), an intervention with a private note, and
// shares the case with luc.
async function setUpRecords() {
	const head = await apiSignIn('cheffe');
	for (const login of ['marie', 'luc'])
		await api(head, 'POST', `/api/v1/organisations/${ORG}/workers`, { login }, 200);
	await api(head, 'PUT', `/api/v1/organisations/${ORG}/headcounts/2024`, { headcount: 120 }, 200);

	const marie = await apiSignIn('marie');
	personId = (await api(marie, 'POST', '/api/v1/persons', {
		organisation: ORG, last_name: 'Dupont', first_name: 'Anne',
		consent: { accompaniment_on: '2024-02-01' },
	}, 201)).id;
	caseId = (await api(marie, 'POST', '/api/v1/cases', {
		person_id: personId, opened_on: '2024-02-01', referral_source: 'rh',
		domains: ['sante.arret', 'budget'],
	}, 201)).id;
	await api(marie, 'PATCH', `/api/v1/cases/${caseId}`, {
		diagnosis: 'Épuisement après un deuil ; dettes de loyer.', action_plan: 'Dossier FSL',
	}, 200);
	await api(marie, 'POST', `/api/v1/cases/${caseId}/interventions`, {
		date: '2024-02-05', mode: 'permanence', kind: 'entretien', duration_minutes: 45,
		notes: "Point sur l'arrêt.", private_note: 'Impression : très fragile.',
	}, 201);
	await api(marie, 'POST', `/api/v1/cases/${caseId}/shares`,
		{ login: 'luc', until: isoDate(7), reason: 'Congé' }, 201);
	// An aid with its decision, one waiting, and two months of budget (one negative).
	const aid = (await api(marie, 'POST', `/api/v1/cases/${caseId}/aids`, {
		kind: 'secours', funder: 'ccas', amount_requested_cents: 123450,
		submitted_on: '2024-02-10', reason: 'Facture EDF impayée',
	}, 201)).id;
	await api(marie, 'PATCH', `/api/v1/aids/${aid}`, {
		decision: 'partielle', amount_granted_cents: 60000, decided_on: '2024-02-20',
	}, 200);
	await api(marie, 'POST', `/api/v1/cases/${caseId}/aids`, {
		kind: 'pret', funder: 'action_logement', amount_requested_cents: 150000,
		submitted_on: '2024-03-01',
	}, 201);
	await api(marie, 'PUT', `/api/v1/cases/${caseId}/budget`, {
		month: '2024-02', adults: 1, children_under_14: 2, others_14_plus: 0,
		incomes: [{ label: 'Salaire', amount_cents: 140000 }],
		charges: [{ label: 'Loyer', amount_cents: 120000 }],
		debts: [{ creditor: 'Banque', amount_cents: 300000, monthly_cents: 25000 }],
	}, 200);
	await api(marie, 'PUT', `/api/v1/cases/${caseId}/budget`, {
		month: '2024-03', adults: 1, children_under_14: 2, others_14_plus: 0,
		incomes: [{ label: 'Salaire', amount_cents: 160000 }],
		charges: [{ label: 'Loyer', amount_cents: 120000 }],
	}, 200);
	partnerId = (await api(marie, 'POST', '/api/v1/partners', {
		name: 'ADIL de l’Essonne', kind: 'association', phone: '01 60 77 21 22',
	}, 201)).id;
	await api(marie, 'POST', '/api/v1/partners', { name: 'CAF 91', kind: 'caf' }, 201);
	await api(marie, 'POST', `/api/v1/cases/${caseId}/orientations`, {
		partner_id: partnerId, sent_on: isoDate(-12), reason: 'Dettes de loyer : conseil juridique.',
		share_consent_on: isoDate(-12), details_sent: true,
	}, 201);
	// Job retention on the case, and a collective action.
	await api(marie, 'POST', `/api/v1/cases/${caseId}/sick-leaves`,
		{ start: '2024-01-15', kind: 'longue_maladie' }, 201);
	await api(marie, 'POST', `/api/v1/cases/${caseId}/part-times`,
		{ start: '2023-06-01', end: '2023-09-30', percent: 50 }, 201);
	await api(marie, 'PATCH', `/api/v1/cases/${caseId}/retention`, {
		rqth_status: 'en_cours', rqth_requested_on: '2024-03-01',
		adjustment_requested_on: '2024-03-02', adjustment_description: 'Siège ergonomique',
	}, 200);
	await api(marie, 'POST', '/api/v1/collective-actions', {
		organisation: ORG, date: '2024-04-04', topic: 'aidants', format: 'reunion_information',
		title: 'Les aidants familiaux', participants: 14, duration_minutes: 90, partners: [],
	}, 201);
}

after(async () => {
	try {
		if (browser) await browser.close();
		if (server) await stopServer(server, serverExit);
	} finally {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	}
});

const openPage = () => openPageIn(browser, baseURL);


async function checkHtml(html, where) {
	const report = await validator.validateString(html);
	const messages = report.results.flatMap((r) => r.messages.map((m) =>
		`${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
	assert.ok(report.valid, `html-validate on ${where}:\n${messages.join('\n')}`);
}

// The raw HTML as the server sends it, with the browser context's session.
async function fetchRaw(context, pathname, status = 200, init = {}) {
	const cookies = await context.cookies(baseURL);
	const res = await fetch(new URL(pathname, baseURL), {
		...init,
		headers: { ...init.headers, cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
		redirect: 'manual',
	});
	assert.equal(res.status, status, `${init.method ?? 'GET'} ${pathname}`);
	return res.text();
}

// Opens pathname in the page: its status, axe, and the raw HTML's validity
// (html: false leaves the last to a check of its own, see the person's page).
async function checkPage(context, page, pathname, status = 200, { html = true } = {}) {
	const res = await page.goto(pathname);
	assert.equal(res.status(), status, `GET ${pathname} in the browser`);
	await checkAxe(page);
	if (html) await checkHtml(await fetchRaw(context, pathname, status), pathname);
}

// The console errors left once the browser's own report of an expected
// error status (a document answered 404 or 422) is set aside.
function unexpectedErrors(errors, status) {
	return errors.filter((e) => !new RegExp(`status of ${status}\\b`).test(e));
}

async function signIn(page, login, password = PASSWORD) {
	await page.goto(SIGNIN);
	await page.fill('#login', login);
	await page.fill('#password', password);
	await page.fill('#code', await codeOf(login));
	return Promise.all([
		page.waitForNavigation(),
		page.click(`form[action="${SIGNIN}"] button[type="submit"]`),
	]);
}

function pathOf(page) {
	return new URL(page.url()).pathname;
}

test('login page: French, accessible, valid HTML', async () => {
	const { context, page, errors } = await openPage();
	try {
		const res = await page.goto(SIGNIN);
		assert.equal(res.status(), 200);
		assert.match(await page.title(), /Connexion/);
		// Login, password and the second factor's code.
		for (const field of ['login', 'password', 'code'])
			assert.equal(await page.locator(`form[action="${SIGNIN}"] input[name="${field}"]`).count(), 1,
				`the ${field} field`);
		assert.equal(await page.getAttribute('html', 'lang'), 'fr');
		await checkAxe(page);

		const raw = await fetch(new URL(SIGNIN, baseURL));
		assert.equal(raw.status, 200);
		await checkHtml(await raw.text(), SIGNIN);
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('worker signs in, sees the home page, signs out', async () => {
	const { context, page, errors } = await openPage();
	try {
		const [res] = await signIn(page, 'marie');
		assert.equal(pathOf(page), '/');
		assert.equal(res.status(), 200);
		assert.match(await page.locator('h1').first().innerText(), /Marie Dupré/);
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/'), '/ (worker)');

		await Promise.all([
			page.waitForURL(`**${SIGNIN}`),
			page.getByRole('button', { name: 'Se déconnecter' }).click(),
		]);
		assert.equal(pathOf(page), SIGNIN);
		assert.deepEqual(errors, [], 'no console or page error during the flow');
	} finally {
		await context.close();
	}
});

test('wrong password: 401 and a French error message', async () => {
	const { context, page, errors } = await openPage();
	try {
		const [res] = await signIn(page, 'marie', 'not the password');
		assert.equal(res.status(), 401);
		assert.equal(pathOf(page), SIGNIN);
		assert.equal((await page.locator('[role="alert"]').innerText()).trim(),
			'Identifiant, mot de passe ou code incorrect.');
		// The browser reports the 401 document load itself as a console error;
		// that is the expected status, not a page defect.
		const unexpected = errors.filter((e) => !/status of 401/.test(e));
		assert.deepEqual(unexpected, []);
		await checkAxe(page);

		// The page with its error message is valid HTML too.
		// The form's pre-session token: the cookie the page sets, in the field.
		const form = await fetch(new URL(SIGNIN, baseURL));
		const preCookie = form.headers.getSetCookie().map((c) => c.split(';')[0])
			.find((c) => /relais_login=/.test(c));
		const token = preCookie.split('=')[1];
		const raw = await fetch(new URL(SIGNIN, baseURL), {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: new URL(baseURL).origin,
				cookie: preCookie,
			},
			body: new URLSearchParams({
				login: 'marie', password: 'not the password', login_token: token,
				code: await codeOf('marie'),
			}),
			redirect: 'manual',
		});
		assert.equal(raw.status, 401);
		await checkHtml(await raw.text(), `POST ${SIGNIN} (wrong password)`);
	} finally {
		await context.close();
	}
});

test('admin: home and accounts pages, account creation', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'admin');
		assert.equal(pathOf(page), '/');
		assert.match(await page.locator('h1').first().innerText(), /Alice Admin/);
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/'), '/ (admin)');

		const res = await page.goto('/admin/users');
		assert.equal(res.status(), 200);
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/admin/users'), '/admin/users');

		const form = page.locator('form[action="/admin/users"]');
		await form.locator('input[name="login"]').fill('jeanne');
		await form.locator('input[name="name"]').fill('Jeanne Martin');
		// An auditor's account takes effect at once; a worker's or a head's
		// waits for a head's confirmation (the two-person rule, test_twoperson).
		await form.locator('select[name="role"]').selectOption('auditor');
		// The administrator never chooses a password: there is no field for one.
		assert.equal(await form.locator('input[type="password"]').count(), 0);
		const [created] = await Promise.all([
			page.waitForNavigation(),
			form.locator('button[type="submit"]').click(),
		]);
		assert.equal(created.status(), 201);
		// The enrolment link, shown once, opens jeanne's enrolment.
		const link = (await page.locator('.secret').innerText()).trim();
		assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/inscription\/[A-Za-z0-9_-]{43}$/,
			`enrolment link shown: ${JSON.stringify(link)}`);
		assert.equal(await page.locator('.secret').count(), 1);
		const enrolment = await fetch(new URL(new URL(link).pathname.replace('/inscription/',
			'/api/v1/enrolment/'), baseURL));
		assert.equal(enrolment.status, 200);
		assert.equal((await enrolment.json()).login, 'jeanne');
		await assert.doesNotReject(page.locator('tbody tr', { hasText: 'jeanne' })
			.filter({ hasText: 'Jeanne Martin' }).waitFor({ timeout: 2_000 }));
		await checkAxe(page);

		// Shown once: the page reloaded by GET no longer has it.
		await page.goto('/admin/users');
		assert.equal(await page.locator('.secret').count(), 0);
		assert.equal(await page.locator('tbody tr', { hasText: 'jeanne' }).count(), 1);
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('auditor: audit page verified, accessible, valid HTML', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'audit');
		assert.equal(pathOf(page), '/');
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/'), '/ (auditor)');

		const res = await page.goto('/audit');
		assert.equal(res.status(), 200);
		await assert.doesNotReject(page.getByText('Intégrité vérifiée').waitFor({ timeout: 2_000 }));
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/audit'), '/audit');
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('admin: organisations, reference lists, accounts', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'admin');
		for (const pathname of ['/organisations', `/organisations/${ORG}`, '/admin/reference',
			'/admin/reference?liste=domain', '/admin/users'])
			await checkPage(context, page, pathname);
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('head: home, organisation with its forms, caseloads', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'cheffe');
		assert.equal(pathOf(page), '/');
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/'), '/ (head)');
		await checkPage(context, page, '/organisations');
		await checkPage(context, page, `/organisations/${ORG}`);
		// The head's page carries the headcount and assignment forms.
		assert.ok(await page.locator(`form[action="/organisations/${ORG}/headcounts"]`).count() > 0,
			'headcount form');
		assert.ok(await page.locator(`form[action="/organisations/${ORG}/workers"]`).count() > 0,
			'assignment form');
		await checkPage(context, page, '/caseloads');
		await checkPage(context, page, `/heures?organisation=${ORG}`);
		assert.ok(await page.locator('form[action="/heures/conventions"]').count() > 0,
			'convention form');
		await checkPage(context, page, '/permanences');
		assert.ok(await page.locator('form[action="/permanences"]').count() > 0, 'permanence form');
		await checkPage(context, page, '/caseloads');
		await assert.doesNotReject(page.locator('tbody tr', { hasText: 'marie' })
			.waitFor({ timeout: 2_000 }));
		await checkPage(context, page, '/actions');
		assert.ok(await page.locator('form[action="/actions"][method="post"]').count() > 0,
			'collective action form');
		// Retention: the kinds due, the bordereau and the archives' visa form.
		await checkPage(context, page, '/conservation');
		assert.ok(await page.locator('form[action="/conservation/visa"]').count() > 0,
			'visa form');
		await checkPage(context, page, '/agenda');
		await checkPage(context, page, '/agenda?worker=marie');
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('reception: the week with its booking and move forms, the permanences', async () => {
	const acc = await apiSignIn('accueil');
	const monday = isoDate(28);
	await api(acc, 'POST', '/api/v1/appointments', {
		worker: 'marie', start: `${monday}T16:00`, end: `${monday}T16:30`, mode: 'telephone',
		contact_name: 'Mme Appelante',
	}, 201);
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'accueil');
		assert.equal(pathOf(page), '/');
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/'), '/ (reception)');
		await checkPage(context, page, `/agenda?worker=marie&date=${monday}`);
		assert.ok(await page.locator('form[action^="/agenda/appointments"][action*="/move"]').count() > 0,
			'move form');
		assert.ok(await page.locator('input[name="contact_name"]').count() > 0, 'contact name field');
		await assert.doesNotReject(page.getByText('Mme Appelante').first()
			.waitFor({ timeout: 2_000 }));
		await checkPage(context, page, '/permanences');
		assert.ok(await page.locator('form[action="/permanences"]').count() > 0, 'permanence form');
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('employer: home page', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'rh');
		assert.equal(pathOf(page), '/');
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/'), '/ (employer)');
		await checkPage(context, page, '/heures');
		await checkPage(context, page, '/permanences');
		// Its organisation's collective actions, read only.
		await checkPage(context, page, '/actions');
		await assert.doesNotReject(page.getByText('Les aidants familiaux')
			.waitFor({ timeout: 2_000 }));
		assert.equal(await page.locator('form[action="/actions"][method="post"]').count(), 0);
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('worker: every page of the case file', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'marie');
		for (const pathname of ['/persons', '/persons?q=dup', '/persons/new',
			'/cases', '/cases?status=all', '/cases/new', `/cases/new?person=${personId}`,
			'/organisations', `/organisations/${ORG}`, '/heures', '/actions', '/actions?year=2024',
			'/agenda', '/agenda?week=2024-W10'])
			await checkPage(context, page, pathname);
		// Its markup is checked by the test below.
		await checkPage(context, page, `/persons/${personId}`, 200, { html: false });

		await checkPage(context, page, `/cases/${caseId}`);
		// The référent's case page, with its private note, share and forms.
		// (As a paragraph: the folded correction form repeats it in its textarea.)
		await assert.doesNotReject(page.locator('p', { hasText: 'Impression : très fragile.' })
			.waitFor({ timeout: 2_000 }));
		await assert.doesNotReject(page.locator('p', { hasText: 'Épuisement après un deuil' })
			.waitFor({ timeout: 2_000 }));
		assert.equal(await page.locator('tbody tr', { hasText: 'Congé' }).count(), 1);
		// The aids and the budget: a negative month highlighted, the history chart.
		assert.equal(await page.locator('#aides ~ article').count(), 2);
		assert.ok(await page.locator('#budget ~ figure svg[role="img"]').count() > 0, 'budget chart');
		assert.ok(await page.locator('strong.negative').count() > 0, 'negative highlighted');
		// A month asked for: its budget form open with its lines.
		await checkPage(context, page, `/cases/${caseId}?month=2024-02`);
		assert.equal(await page.locator('input[name="debt_label_0"]').inputValue(), 'Banque');
		// The job retention section with its forms.
		await assert.doesNotReject(page.locator('dd', { hasText: 'Siège ergonomique' })
			.waitFor({ timeout: 2_000 }));
		assert.ok(await page.locator(`form[action="/cases/${caseId}/sick-leaves"]`).count() > 0,
			'sick leave form');
		assert.ok(await page.locator(`form[action="/cases/${caseId}/retention"]`).count() > 0,
			'retention form');
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

// The person's own account page (issue 13): her password, her sessions.
test('account page: accessible, valid HTML', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'marie');
		await checkPage(context, page, '/compte');
		assert.ok(await page.locator('form[action="/compte/mot-de-passe"]').count() > 0,
			'the password form');
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('person page: valid HTML, for the référent and a colleague', async () => {
	const failures = [];
	for (const login of ['marie', 'luc']) {
		const { context, page } = await openPage();
		try {
			await signIn(page, login);
			await checkHtml(await fetchRaw(context, `/persons/${personId}`),
				`/persons/${personId} (${login})`);
		} catch (err) {
			failures.push(err.message);
		} finally {
			await context.close();
		}
	}
	assert.deepEqual(failures, []);
});

test('colleague: the shared case, without the private note', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'luc');
		await checkPage(context, page, '/cases');
		await checkPage(context, page, `/cases/${caseId}`);
		await assert.doesNotReject(page.getByText("Point sur l'arrêt.").waitFor({ timeout: 2_000 }));
		assert.equal(await page.getByText('très fragile').count(), 0);
		await checkPage(context, page, `/persons/${personId}`, 200, { html: false });
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('error pages: 404, and the person form re-rendered with 422', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'marie');
		await checkPage(context, page, '/persons/999999', 404);
		assert.match(await page.title(), /introuvable/i);
		assert.deepEqual(unexpectedErrors(errors, 404), []);
		errors.length = 0;

		await page.goto('/persons/new');
		const form = page.locator('form[method="post"][action="/persons"]');
		await form.locator('select[name="organisation"]').selectOption(ORG);
		await form.locator('input[name="last_name"]').fill('Sansdate');
		await form.locator('input[name="first_name"]').fill('Jules');
		await form.locator('input[name="consent_on"]').fill('');
		// The browser would stop the empty required field itself: let the
		// server judge, as it must for any client.
		await form.evaluate((f) => { f.noValidate = true; });
		const body = new URLSearchParams(await form.evaluate((f) => [...new FormData(f)]));
		const [res] = await Promise.all([
			page.waitForNavigation(),
			form.locator('button[type="submit"]').click(),
		]);
		assert.equal(res.status(), 422);
		assert.equal(pathOf(page), '/persons');
		assert.equal(await page.locator('input[name="consent_on"]').getAttribute('aria-invalid'), 'true');
		assert.equal(await page.locator('input[name="last_name"]').inputValue(), 'Sansdate');
		await checkAxe(page);
		assert.deepEqual(unexpectedErrors(errors, 422), []);

		// The same post, raw: the re-rendered page is valid HTML.
		const raw = await fetchRaw(context, '/persons', 422, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
		});
		await checkHtml(raw, 'POST /persons (422, no consent date)');
	} finally {
		await context.close();
	}
});

test('worker flow in the browser: person, case, intervention', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'marie');
		await page.goto('/persons/new');
		const person = page.locator('form[method="post"][action="/persons"]');
		await person.locator('select[name="organisation"]').selectOption(ORG);
		await person.locator('input[name="last_name"]').fill('Lefèvre');
		await person.locator('input[name="first_name"]').fill('Éloïse');
		await person.locator('input[name="consent_on"]').fill('2024-03-01');
		const [created] = await Promise.all([
			page.waitForNavigation(),
			person.locator('button[type="submit"]').click(),
		]);
		assert.equal(created.status(), 200);
		assert.match(pathOf(page), /^\/persons\/\d+$/);
		assert.equal((await page.locator('h1').innerText()).trim(), 'Éloïse Lefèvre');

		await Promise.all([
			page.waitForURL(/\/cases\/new\?person=\d+$/),
			page.getByText('Ouvrir un accompagnement', { exact: true }).click(),
		]);
		const kase = page.locator('form[method="post"][action="/cases"]');
		await kase.locator('input[name="opened_on"]').fill('2024-03-04');
		await kase.locator('select[name="referral_source"]').selectOption('medecin');
		await kase.locator('input[name="domains"][value="budget"]').check();
		const [opened] = await Promise.all([
			page.waitForNavigation(),
			kase.locator('button[type="submit"]').click(),
		]);
		assert.equal(opened.status(), 200);
		assert.match(pathOf(page), /^\/cases\/\d+$/);
		const casePath = pathOf(page);
		assert.equal((await page.locator('h1').innerText()).trim(), 'Éloïse Lefèvre');
		await assert.doesNotReject(page.getByText('Aucune intervention enregistrée.')
			.waitFor({ timeout: 2_000 }));

		await page.getByText('Ajouter une intervention', { exact: true }).click();
		const iv = page.locator(`form[method="post"][action="${casePath}/interventions"]`);
		await iv.locator('input[name="date"]').fill('2024-03-05');
		await iv.locator('select[name="mode"]').selectOption('bureau');
		await iv.locator('select[name="kind"]').selectOption('entretien');
		await iv.locator('input[name="duration_minutes"]').fill('30');
		await iv.locator('textarea[name="notes"]').fill('Premier entretien au bureau.');
		const [added] = await Promise.all([
			page.waitForNavigation(),
			iv.locator('button[type="submit"]').click(),
		]);
		assert.equal(added.status(), 200);
		assert.equal(pathOf(page), casePath);
		await assert.doesNotReject(page.locator('article', { hasText: '05/03/2024' })
			.filter({ hasText: 'Premier entretien au bureau.' }).waitFor({ timeout: 2_000 }));
		assert.equal(await page.getByText('Aucune intervention enregistrée.').count(), 0);

		// A financial aid through its form.
		await page.getByText("Ajouter une demande d'aide", { exact: true }).click();
		const aid = page.locator(`form[method="post"][action="${casePath}/aids"]`);
		await aid.locator('select[name="kind"]').selectOption('secours');
		await aid.locator('select[name="funder"]').selectOption('caf');
		await aid.locator('input[name="amount_requested"]').fill('1 234,50');
		await aid.locator('input[name="submitted_on"]').fill('2024-03-06');
		await aid.locator('textarea[name="reason"]').fill('Retard de loyer');
		const [asked] = await Promise.all([
			page.waitForNavigation(),
			aid.locator('button[type="submit"]').click(),
		]);
		assert.equal(asked.status(), 200);
		assert.equal(pathOf(page), casePath);
		await assert.doesNotReject(page.locator('article', { hasText: 'Retard de loyer' })
			.filter({ hasText: '1\u202f234,50\u00a0€' }).waitFor({ timeout: 2_000 }));
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, casePath), `${casePath} (with an intervention)`);
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('partner directory: each role that may, its forms, a refused form', async () => {
	for (const login of ['marie', 'cheffe', 'admin']) {
		const { context, page, errors } = await openPage();
		try {
			await signIn(page, login);
			await checkPage(context, page, '/partners');
			await checkPage(context, page, '/partners?q=adil&kind=association');
			await assert.doesNotReject(page.locator('tbody tr', { hasText: 'ADIL' })
				.waitFor({ timeout: 2_000 }));
			assert.equal(await page.locator('form[method="post"][action="/partners"]').count(), 1, 'add form');
			assert.equal(await page.locator('form[action="/partners/merge"]').count(),
				login === 'admin' ? 1 : 0, 'merge form for the administrator only');
			assert.deepEqual(errors, []);
		} finally {
			await context.close();
		}
	}
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'marie');
		await page.goto('/partners');
		const form = page.locator('form[method="post"][action="/partners"]');
		await form.locator('input[name="name"]').fill('Cap Emploi 91');
		await form.locator('select[name="kind"]').selectOption('cap_emploi');
		await form.locator('input[name="email"]').fill('pas-une-adresse');
		await form.evaluate((f) => { f.noValidate = true; });
		const body = new URLSearchParams(await form.evaluate((f) => [...new FormData(f)]));
		const [res] = await Promise.all([
			page.waitForNavigation(),
			form.locator('button[type="submit"]').click(),
		]);
		assert.equal(res.status(), 422);
		assert.equal(await page.locator('input[name="email"]').getAttribute('aria-invalid'), 'true');
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/partners', 422, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
		}), 'POST /partners (422, bad e-mail)');
		assert.deepEqual(unexpectedErrors(errors, 422), []);
	} finally {
		await context.close();
	}
});

test('orientations on the case page: list, forms, a refused form, a status change', async () => {
	const { context, page, errors } = await openPage();
	try {
		await signIn(page, 'marie');
		await checkPage(context, page, `/cases/${caseId}`);
		const item = page.locator('#orientations ~ article, section article', { hasText: 'ADIL' });
		await assert.doesNotReject(item.first().waitFor({ timeout: 2_000 }));
		await assert.doesNotReject(page.getByText('Dettes de loyer : conseil juridique.')
			.waitFor({ timeout: 2_000 }));

		// Details sent without a consent date: refused, shown on the form.
		await page.getByText('Orienter vers un partenaire', { exact: true }).click();
		const form = page.locator(`form[action="/cases/${caseId}/orientations"]`);
		await form.locator('select[name="partner_id"]').selectOption(String(partnerId));
		await form.locator('textarea[name="reason"]').fill('Accès aux droits');
		await form.locator('input[name="details_sent"]').check();
		const body = new URLSearchParams(await form.evaluate((f) => [...new FormData(f)]));
		const [res] = await Promise.all([
			page.waitForNavigation(),
			form.locator('button[type="submit"]').click(),
		]);
		assert.equal(res.status(), 422);
		assert.equal(await page.locator('input[name="details_sent"]').getAttribute('aria-invalid'),
			'true');
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, `/cases/${caseId}/orientations`, 422, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
		}), 'POST orientations (422, no consent)');
		assert.deepEqual(unexpectedErrors(errors, 422), []);
		errors.length = 0;

		// The partner accepts.
		await page.goto(`/cases/${caseId}`);
		const change = page.locator(`form[action^="/cases/${caseId}/orientations/"]`).first();
		await change.locator('select[name="status"]').selectOption('acceptee');
		const [done] = await Promise.all([
			page.waitForNavigation(),
			change.locator('button[type="submit"]').click(),
		]);
		assert.equal(done.status(), 200);
		await assert.doesNotReject(page.locator('article', { hasText: 'ADIL' })
			.filter({ hasText: 'Acceptée' }).first().waitFor({ timeout: 2_000 }));
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, `/cases/${caseId}`), `/cases/${caseId} (accepted)`);
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});

test('requests: the employer\'s page, the public form, the workers\' lists', async () => {
	const head = await apiSignIn('cheffe');
	const { path } = await api(head, 'POST', `/api/v1/organisations/${ORG}/request-link`,
		undefined, 201);
	const { context, page, errors } = await openPage();
	try {
		// The employee's public form, without an account.
		await checkPage(context, page, path);
		await page.locator('input[name="last_name"]').fill('Petit');
		await page.locator('input[name="first_name"]').fill('Louis');
		await page.locator('input[name="contact"]').fill('06 11 22 33 44');
		await page.locator('input[name="consent"]').check();
		const [sent] = await Promise.all([
			page.waitForNavigation(),
			page.locator('button[type="submit"]').click(),
		]);
		assert.equal(sent.status(), 200);
		await checkAxe(page);
		assert.deepEqual(errors, []);

		// The employer's page: the warning, the form, a request sent.
		await signIn(page, 'rh');
		await checkPage(context, page, '/demandes');
		await assert.doesNotReject(page.getByText('N\'indiquez aucune information de santé',
			{ exact: false }).waitFor({ timeout: 2_000 }));
		await page.locator('input[name="subject"]').fill('Une séance sur le budget');
		await page.locator('textarea[name="message"]').fill('Pour les nouveaux arrivants.');
		const [posted] = await Promise.all([
			page.waitForNavigation(),
			page.locator('form[action="/demandes"] button[type="submit"]').click(),
		]);
		assert.equal(posted.status(), 200);
		await checkAxe(page);
		await checkHtml(await fetchRaw(context, '/demandes'), '/demandes (employer)');
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
	const worker = await openPage();
	try {
		await signIn(worker.page, 'marie');
		await checkPage(worker.context, worker.page, '/demandes');
		await checkPage(worker.context, worker.page, '/demandes-salaries');
		await assert.doesNotReject(worker.page.getByText('Petit Louis')
			.waitFor({ timeout: 2_000 }));
		await checkPage(worker.context, worker.page, '/');
		assert.deepEqual(worker.errors, []);
	} finally {
		await worker.context.close();
	}
});
