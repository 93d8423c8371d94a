// What the browser tests share around one relais server and Chromium:
// the server's start and graceful stop, Chromium's launch, a page that
// records its errors, and the axe-core audit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// A fresh context and page that records every console error and page error.
export async function openPageIn(browser, baseURL) {
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

// No axe-core violation on the page as it is now.
export async function checkAxe(page) {
	if (!(await page.evaluate(() => typeof window.axe !== 'undefined')))
		await page.evaluate(axeSource);
	const result = await page.evaluate(() => axe.run());
	const report = result.violations.map((v) =>
		`${v.id} (${v.impact}): ${v.help}\n` +
		v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n'));
	assert.equal(result.violations.length, 0,
		`axe violations on ${page.url()}:\n${report.join('\n')}`);
}

// SIGTERM, then the exit within 5 s: a server that died during the tests,
// or did not stop gracefully, is a failure.
export async function stopServer(server, serverExit) {
	if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
	let timer;
	const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 5_000); });
	const result = await Promise.race([serverExit, timeout]);
	clearTimeout(timer);
	if (!result) server.kill('SIGKILL');
	assert.deepEqual(result, { code: 0, signal: null }, 'server must stop gracefully on SIGTERM');
}

// Starts `BIN serve` with args and waits for its "listening on" line:
// { server, serverExit (a promise of { code, signal }), baseURL }.  Its
// stdout is drained so that it never blocks on a full pipe.
export async function startServer(bin, args) {
	const server = spawn(bin, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	server.stderr.on('data', (d) => { stderr += d; });
	const serverExit = new Promise((resolve) =>
		server.on('exit', (code, signal) => resolve({ code, signal })));
	const lines = readline.createInterface({ input: server.stdout });
	const baseURL = await new Promise((resolve, reject) => {
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
	lines.on('line', () => {});
	return { server, serverExit, baseURL };
}

// Debian's Chromium, headless, without its background traffic.
export function launchBrowser() {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-gpu', '--no-first-run'],
	});
}

// GET and POST /api/v1/enrolment/{token}: the account's password and a
// code (from codes, tests/browser/totp.mjs) of the secret the link shows.
// Returns { login, secret }; the ten recovery codes are checked given.
export async function enrolThroughApi(baseURL, token, password, codes) {
	const url = new URL(`/api/v1/enrolment/${token}`, baseURL);
	const got = await fetch(url);
	assert.equal(got.status, 200, `GET enrolment ${token.slice(0, 6)}…`);
	const info = await got.json();
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ password, code: await codes.next(info.totp_secret) }),
	});
	assert.equal(res.status, 200, `POST enrolment of ${info.login}: ${await res.clone().text()}`);
	assert.equal((await res.json()).recovery_codes.length, 10);
	return { login: info.login, secret: info.totp_secret };
}

// A JSON API session: { cookie, csrf } of a sign-in with a fresh code.
export async function apiSession(baseURL, login, password, code) {
	const res = await fetch(new URL('/api/v1/session', baseURL), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ login, password, code }),
	});
	assert.equal(res.status, 200, `API sign-in of ${login}`);
	const { csrf_token: csrf } = await res.json();
	// The session cookie: the one whose name ends in relais_session.
	const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0])
		.filter((c) => /^[^=]*relais_session=./.test(c)).join('; ');
	assert.ok(cookie, `API sign-in of ${login}: a relais_session cookie`);
	return { cookie, csrf };
}
