// Browser test of OpenID Connect single sign-on against a real provider:
// Debian's glewlwyd on 127.0.0.1 (tests/oidc/glewlwyd.sh: SQLite, the OIDC
// plugin, alice with a password and a TOTP), its JavaScript login page
// driven by Chromium.  Alice enrols at relais (her link, her TOTP), signs
// in, links her account from "Mon compte" (a recovery code as her fresh
// second factor), signs out, then signs in through the provider only: the
// provider's TOTP counts as her second factor (--oidc-provider-mfa).
//
// Skipped when glewlwyd is not installed.
// Run: make -j2 && node --test tests/browser/oidc.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const BIN = process.env.RELAIS_BIN
	? path.resolve(process.env.RELAIS_BIN)
	: path.join(ROOT, 'build/relais');
const GLEWLWYD_SH = path.join(ROOT, 'tests/oidc/glewlwyd.sh');
const GLEWLWYD = ['/usr/bin/glewlwyd', '/usr/sbin/glewlwyd'].find((p) => fs.existsSync(p));
const PROVIDER_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'un mot de passe assez long';

// RFC 6238 (SHA-1, 6 digits, 30 s) over a base32 secret.
function totp(base32, at = Date.now()) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of base32.replace(/=+$/, '').toUpperCase())
		bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
	const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
	const h = crypto.createHmac('sha1', key).update(counter).digest();
	const o = h[h.length - 1] & 0xf;
	return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

function run(cmd, args, input) {
	const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 60_000 });
	assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

let dir;
let server;
let browser;
let baseURL;
let gdir;
let recovery;

before(async () => {
	if (!GLEWLWYD)
		return;
	assert.ok(fs.existsSync(BIN), `relais binary not found at ${BIN} (run make first)`);
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-oidc-browser-'));
	const db = path.join(dir, 't.db');
	const gport = await freePort();
	const rport = await freePort();
	baseURL = `http://127.0.0.1:${rport}`;
	gdir = path.join(dir, 'gw');
	const issuer = run(GLEWLWYD_SH, ['start', gdir, String(gport), `${baseURL}/oidc/retour`,
		PROVIDER_SECRET]).trim();
	run(BIN, ['init', '--db', db]);
	const out = run(BIN, ['user', 'add', '--db', db, '--login', 'alice', '--name', 'Alice Martin',
		'--role', 'worker', '--base-url', baseURL]);
	const token = out.match(/^enrolment link: .*\/inscription\/(\S+)$/m)?.[1];
	assert.ok(token, `no enrolment link in:\n${out}`);

	server = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${rport}`,
		'--oidc-issuer', issuer, '--oidc-client-id', 'relais',
		'--oidc-redirect-uri', `${baseURL}/oidc/retour`, '--oidc-provider-mfa'],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	server.stderr.on('data', (d) => { stderr += d; });
	const lines = readline.createInterface({ input: server.stdout });
	await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`relais did not start:\n${stderr}`)), 15_000);
		lines.on('line', (l) => {
			if (/listening on/.test(l)) {
				clearTimeout(timer);
				resolve();
			}
		});
		server.on('exit', () => reject(new Error(`relais exited:\n${stderr}`)));
	});

	// Alice enrols through her link: password and her relais TOTP.
	const g = await fetch(`${baseURL}/api/v1/enrolment/${token}`);
	assert.equal(g.status, 200);
	const { totp_secret: secret } = await g.json();
	const p = await fetch(`${baseURL}/api/v1/enrolment/${token}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ password: PASSWORD, code: totp(secret) }),
	});
	assert.equal(p.status, 200, await p.clone().text());
	recovery = (await p.json()).recovery_codes;
	assert.equal(recovery.length, 10);
	// The sign-in below needs a code of a later window than the enrolment's:
	// a recovery code instead of waiting.

	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
			'--disable-sync'],
	});
});

after(async () => {
	await browser?.close();
	server?.kill('SIGTERM');
	if (gdir)
		spawnSync(GLEWLWYD_SH, ['stop', gdir]);
	if (dir)
		fs.rmSync(dir, { recursive: true, force: true });
});

// glewlwyd's login page: password, then the TOTP, then on to relais.
async function providerLogin(page) {
	try {
		await page.waitForSelector('#username', { timeout: 30_000 });
	} catch (e) {
		throw new Error(`no provider login page at ${page.url()}:\n${(await page.textContent('body'))?.slice(0, 600)}`);
	}
	await page.fill('#username', 'alice');
	await page.fill('#password', 'alice-motdepasse-1');
	await page.click('#loginbut');
	await page.waitForSelector('#value', { timeout: 30_000 });
	// A code read in the last seconds of its 30 s step may reach glewlwyd
	// in the next one (a loaded machine), which refuses it: wait for the
	// next step then.
	const left = 30 - (Math.floor(Date.now() / 1000) % 30);
	if (left < 8)
		await page.waitForTimeout(left * 1000 + 500);
	await page.fill('#value', totp(PROVIDER_SECRET));
	await page.click('#but');
	// Once in, the login page offers to go on to the client.
	const onward = page.locator('#loginContinue, button:has-text("Continue"), button:has-text("Continuer")');
	try {
		await onward.first().click({ timeout: 10_000 });
	} catch (e) {
		// Already on its way (glewlwyd redirects by itself when nothing is left to do).
	}
}

async function expectURL(page, url) {
	try {
		await page.waitForURL(url, { timeout: 30_000 });
	} catch (e) {
		throw new Error(`expected ${url}, at ${page.url()}:\n${(await page.textContent('body'))?.slice(0, 800)}\n` +
			(await page.evaluate(() => [...document.querySelectorAll('button,a')].map((b) => `${b.id}:${b.innerText}`).join(' | '))));
	}
}

test('OIDC: link from the account page, then sign in through glewlwyd', { skip: !GLEWLWYD && 'glewlwyd is not installed' }, async () => {
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	page.setDefaultTimeout(30_000);

	// A local sign-in (password and a recovery code).
	await page.goto('/login');
	await page.fill('#login', 'alice');
	await page.fill('#password', PASSWORD);
	await page.fill('#code', recovery[0]);
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')),
		page.click('form[action="/login"] button[type=submit]')]);

	// Linking: a fresh second factor, then the provider's login page.
	await page.goto('/compte/oidc');
	await page.fill('#code', recovery[1]);
	await page.click('form[action="/compte/oidc/lier"] button[type=submit]');
	await providerLogin(page);
	await expectURL(page, `${baseURL}/compte/oidc?lie=1`);
	assert.match(await page.textContent('#oidc-status'), /Votre compte est lié/);

	// Signed out of relais (the provider's session stays: its TOTP code of
	// this window was used), then in through the provider only.
	const kept = (await context.cookies()).filter((c) => !/relais_session$/.test(c.name));
	await context.clearCookies();
	await context.addCookies(kept);
	await page.goto('/login');
	await page.click('#oidc-signin');
	// Signed in at the provider already: its page only offers to go on.
	if (!page.url().startsWith(baseURL)) {
		const onward = page.locator('#loginContinue, button:has-text("Continue"), button:has-text("Continuer")');
		await onward.first().click({ timeout: 15_000 }).catch(() => {});
	}
	await expectURL(page, `${baseURL}/`);
	assert.match(await page.textContent('body'), /Alice Martin/);
	await context.close();
});
