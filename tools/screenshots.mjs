// The README's screenshots, taken from the living demo (issue 17): a
// fresh database, `relais demo --today SCREENSHOT_TODAY` (default: today,
// the day the server's clock reads too, so that "aujourd'hui" and "il y a
// N jours" agree with the demo), the server on loopback, Debian's Chromium
// at 1,366 × 900 px:
//
//   docs/home.png      a worker's Monday morning (as.durand's home page)
//   docs/case.png      one of her open cases
//   docs/timeline.png  that person's whole timeline, printable
//   docs/employer.png  the employer's bilan of last year (rh.montreuil)
//
// Run: make screenshots (or RELAIS_BIN=build/relais node tools/screenshots.mjs).
// Not a test: it asserts only what it needs to take the pictures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPageIn, stopServer, startServer, launchBrowser } from '../tests/browser/page.mjs';
import { Codes } from '../tests/browser/totp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const BIN = process.env.RELAIS_BIN
	? path.resolve(process.env.RELAIS_BIN)
	: path.join(root, 'build/relais');
const TODAY = process.env.SCREENSHOT_TODAY ?? new Date().toISOString().slice(0, 10);
const OUT = path.join(root, 'docs');
const PASSWORD = 'une phrase de passe assez longue';
const WORKER = 'as.durand';
const EMPLOYER = 'rh.montreuil';
const VIEWPORT = { width: 1366, height: 900 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-shots-'));
const db = path.join(dir, 'demo.db');
const secrets = new Map();
const codes = new Codes(async (secret) => {
	const login = [...secrets].find(([, s]) => s === secret)[0];
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db,
		`UPDATE users SET totp_last_step = NULL WHERE login = '${login}'`], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
});

function run(args) {
	const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 120_000 });
	assert.equal(r.status, 0, `relais ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

// The enrolment link relais demo printed for login.
function tokenOf(demo, login) {
	const m = new RegExp(`^ {2}${login.replace('.', '\\.')} +\\S+\\nenrolment link: \\S+/inscription/([A-Za-z0-9_-]{43})$`, 'm')
		.exec(demo);
	assert.ok(m, `relais demo prints ${login}'s enrolment link`);
	return m[1];
}

async function enrol(baseURL, login, token) {
	const url = new URL(`/api/v1/enrolment/${token}`, baseURL);
	const got = await fetch(url);
	assert.equal(got.status, 200, `GET enrolment of ${login}`);
	const secret = (await got.json()).totp_secret;
	secrets.set(login, secret);
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ password: PASSWORD, code: await codes.next(secret) }),
	});
	assert.equal(res.status, 200, `POST enrolment of ${login}: ${await res.clone().text()}`);
}

async function signIn(page, login) {
	await page.goto('/login');
	await page.fill('#login', login);
	await page.fill('#password', PASSWORD);
	await page.fill('#code', await codes.next(secrets.get(login)));
	await Promise.all([
		page.waitForNavigation(),
		page.click('form[action="/login"] button[type="submit"]'),
	]);
	assert.equal(new URL(page.url()).pathname, '/', `${login} signed in`);
}

async function shoot(page, pathname, file) {
	const res = await page.goto(pathname, { waitUntil: 'networkidle' });
	assert.equal(res.status(), 200, `${pathname}`);
	await page.screenshot({ path: path.join(OUT, file) });
	console.log(`docs/${file}: ${pathname}`);
}

let server, serverExit, browser;
try {
	run(['init', '--db', db]);
	const demo = run(['demo', '--db', db, '--today', TODAY]);
	let baseURL;
	({ server, serverExit, baseURL } = await startServer(BIN, ['--db', db, '--listen', '127.0.0.1:0']));
	await enrol(baseURL, WORKER, tokenOf(demo, WORKER));
	await enrol(baseURL, EMPLOYER, tokenOf(demo, EMPLOYER));
	browser = await launchBrowser();

	const worker = await openPageIn(browser, baseURL);
	await worker.page.setViewportSize(VIEWPORT);
	await signIn(worker.page, WORKER);
	await shoot(worker.page, '/', 'home.png');
	// Her open case seen most recently: the first row of her open cases.
	await worker.page.goto('/cases', { waitUntil: 'networkidle' });
	const href = await worker.page.getAttribute('main table a[href^="/cases/"]', 'href');
	assert.ok(href, 'the worker has open cases');
	await shoot(worker.page, href, 'case.png');
	const person = await worker.page.getAttribute('main a[href^="/persons/"]', 'href');
	assert.ok(person, 'the case links to its person');
	await shoot(worker.page, `${person.replace(/[#?].*$/, '')}/chronologie`, 'timeline.png');
	assert.deepEqual(worker.errors, []);

	const employer = await openPageIn(browser, baseURL);
	await employer.page.setViewportSize(VIEWPORT);
	await signIn(employer.page, EMPLOYER);
	await shoot(employer.page, `/bilan?year=${Number(TODAY.slice(0, 4)) - 1}`, 'employer.png');
	assert.deepEqual(employer.errors, []);
} finally {
	if (browser) await browser.close();
	if (server) await stopServer(server, serverExit);
	fs.rmSync(dir, { recursive: true, force: true });
}
