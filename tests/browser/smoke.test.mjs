// Browser smoke test: the real binary, a fresh database, Debian's Chromium.
// Checks accessibility (axe-core), markup validity (html-validate), the CSP
// (no console error) and the main flows of each role.
//
// Run: make -j2 && node --test tests/browser/
// Binary: $RELAIS_BIN, default build/relais.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';
import { HtmlValidate } from 'html-validate';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.RELAIS_BIN
	? path.resolve(process.env.RELAIS_BIN)
	: path.resolve(here, '../../build/relais');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

const PASSWORD = 'correct horse battery';
const USERS = {
	marie: { name: 'Marie Dupré', role: 'worker' },
	admin: { name: 'Alice Admin', role: 'admin' },
	audit: { name: 'Paul Auditeur', role: 'auditor' },
};

let dir;
let db;
let server;
let serverExit;
let baseURL;
let browser;

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
	for (const [login, u] of Object.entries(USERS))
		run(['user', 'add', '--db', db, '--login', login, '--name', u.name, '--role', u.role,
			'--password-stdin'], PASSWORD + '\n');

	server = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	server.stderr.on('data', (d) => { stderr += d; });
	serverExit = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
	const lines = readline.createInterface({ input: server.stdout });
	baseURL = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server not ready in 10 s:\n${stderr}`)), 10_000);
		lines.once('line', (line) => {
			clearTimeout(timer);
			const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
			if (m) resolve(m[1]);
			else reject(new Error(`unexpected first line: ${line}\n${stderr}`));
		});
		serverExit.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`server exited early (${code ?? signal}):\n${stderr}`));
		});
	});
	// Keep draining stdout so the server never blocks on a full pipe.
	lines.on('line', () => {});

	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-gpu', '--no-first-run'],
	});
});

after(async () => {
	try {
		if (browser) await browser.close();
		if (server) {
			// Also checks a server that died during the tests: that is a failure.
			if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
			let timer;
			const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 5_000); });
			const result = await Promise.race([serverExit, timeout]);
			clearTimeout(timer);
			if (!result) server.kill('SIGKILL');
			assert.deepEqual(result, { code: 0, signal: null }, 'server must stop gracefully on SIGTERM');
		}
	} finally {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	}
});

// A fresh context and page that records every console error and page error.
async function openPage() {
	const context = await browser.newContext({ baseURL, locale: 'fr-FR' });
	const page = await context.newPage();
	const errors = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error')
			errors.push(`console: ${msg.text()} (${msg.location().url || page.url()})`);
	});
	page.on('pageerror', (err) => errors.push(`pageerror: ${err.message} (${page.url()})`));
	return { context, page, errors };
}

async function checkAxe(page) {
	if (!(await page.evaluate(() => typeof window.axe !== 'undefined')))
		await page.evaluate(axeSource);
	const result = await page.evaluate(() => axe.run());
	const report = result.violations.map((v) =>
		`${v.id} (${v.impact}): ${v.help}\n` +
		v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n'));
	assert.equal(result.violations.length, 0,
		`axe violations on ${page.url()}:\n${report.join('\n')}`);
}

async function checkHtml(html, where) {
	const report = await validator.validateString(html);
	const messages = report.results.flatMap((r) => r.messages.map((m) =>
		`${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
	assert.ok(report.valid, `html-validate on ${where}:\n${messages.join('\n')}`);
}

// The raw HTML as the server sends it, with the browser context's session.
async function fetchRaw(context, pathname) {
	const cookies = await context.cookies(baseURL);
	const res = await fetch(new URL(pathname, baseURL), {
		headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
		redirect: 'manual',
	});
	assert.equal(res.status, 200, `GET ${pathname}`);
	return res.text();
}

async function signIn(page, login, password = PASSWORD) {
	await page.goto('/login');
	await page.fill('#login', login);
	await page.fill('#password', password);
	return Promise.all([
		page.waitForNavigation(),
		page.click('form[action="/login"] button[type="submit"]'),
	]);
}

function pathOf(page) {
	return new URL(page.url()).pathname;
}

test('login page: French, accessible, valid HTML', async () => {
	const { context, page, errors } = await openPage();
	try {
		const res = await page.goto('/login');
		assert.equal(res.status(), 200);
		assert.match(await page.title(), /Connexion/);
		assert.equal(await page.getAttribute('html', 'lang'), 'fr');
		await checkAxe(page);

		const raw = await fetch(new URL('/login', baseURL));
		assert.equal(raw.status, 200);
		await checkHtml(await raw.text(), '/login');
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
			page.waitForURL('**/login'),
			page.getByRole('button', { name: 'Se déconnecter' }).click(),
		]);
		assert.equal(pathOf(page), '/login');
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
		assert.equal(pathOf(page), '/login');
		assert.equal((await page.locator('[role="alert"]').innerText()).trim(),
			'Identifiant ou mot de passe incorrect.');
		// The browser reports the 401 document load itself as a console error;
		// that is the expected status, not a page defect.
		const unexpected = errors.filter((e) => !/status of 401/.test(e));
		assert.deepEqual(unexpected, []);
		await checkAxe(page);

		// The page with its error message is valid HTML too.
		const raw = await fetch(new URL('/login', baseURL), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL },
			body: new URLSearchParams({ login: 'marie', password: 'not the password' }),
			redirect: 'manual',
		});
		assert.equal(raw.status, 401);
		await checkHtml(await raw.text(), 'POST /login (wrong password)');
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
		await form.locator('select[name="role"]').selectOption('worker');
		await form.locator('input[name="password"]').fill('');
		const [created] = await Promise.all([
			page.waitForNavigation(),
			form.locator('button[type="submit"]').click(),
		]);
		assert.equal(created.status(), 201);
		const secret = (await page.locator('.secret').innerText()).trim();
		assert.ok(secret.length >= 12, `generated password shown: ${JSON.stringify(secret)}`);
		assert.equal(await page.locator('.secret').count(), 1);
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
