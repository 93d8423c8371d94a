// The page-weight budget (issue 15, item 4): a demo worker's first visit to
// the home page, with an empty cache, transfers at most 60 KB in all (the
// page, the stylesheets, htmx: every request, headers included), as
// Chromium counts it (CDP Network.loadingFinished's encodedDataLength, the
// "transferred" of the developer tools), cross-checked with the Resource
// Timing transferSize.  The figure is printed (a TAP diagnostic).  Then the
// second visit: the hashed assets come from the cache (immutable), only the
// page is fetched.
//
// Run: make -j2 && node --test tests/browser/weight.test.mjs
// Binary: $RELAIS_BIN, default build/relais.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPageIn, stopServer, startServer, launchBrowser } from './page.mjs';
import { Codes } from './totp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.RELAIS_BIN
	? path.resolve(process.env.RELAIS_BIN)
	: path.resolve(here, '../../build/relais');
const BUDGET = 60_000; // bytes transferred, first visit of the home page
const WORKER = 'as.durand'; // a demo worker (relais demo)
const PASSWORD = 'une phrase de passe assez longue';
const SIGNIN = '/login';

let dir;
let db;
let server;
let serverExit;
let baseURL;
let browser;
let secret;
const codes = new Codes(async (s) => {
	assert.equal(s, secret);
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db,
		`UPDATE users SET totp_last_step = NULL WHERE login = '${WORKER}'`], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
});

function run(args) {
	const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 60_000 });
	assert.equal(r.status, 0, `relais ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

before(async () => {
	assert.ok(fs.existsSync(BIN), `relais binary not found at ${BIN} (run make first)`);
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-weight-'));
	db = path.join(dir, 't.db');
	run(['init', '--db', db]);
	const out = run(['demo', '--db', db]);
	const m = new RegExp(`^  ${WORKER.replace('.', '\\.')} +worker\\nenrolment link: \\S+/inscription/([A-Za-z0-9_-]{43})$`, 'm')
		.exec(out);
	assert.ok(m, `relais demo prints ${WORKER}'s enrolment link:\n${out.slice(0, 2000)}`);
	const token = m[1];

	({ server, serverExit, baseURL } = await startServer(BIN, ['--db', db, '--listen', '127.0.0.1:0']));

	// The worker enrols through her link (API), as tests/lib/accounts.sh does.
	const url = new URL(`/api/v1/enrolment/${token}`, baseURL);
	const got = await fetch(url);
	assert.equal(got.status, 200, 'GET enrolment');
	secret = (await got.json()).totp_secret;
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ password: PASSWORD, code: await codes.next(secret) }),
	});
	assert.equal(res.status, 200, `POST enrolment: ${await res.clone().text()}`);

	browser = await launchBrowser();
});

after(async () => {
	try {
		if (browser) await browser.close();
	} finally {
		if (server) await stopServer(server, serverExit);
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	}
});

// Every request of a navigation to pathname, as Chromium's network stack
// saw it: url, status, content-encoding, bytes transferred (headers and
// body as received) and bytes decoded.
async function visit(page, pathname) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	const seen = new Map();
	cdp.on('Network.responseReceived', (e) => {
		const h = Object.fromEntries(Object.entries(e.response.headers)
			.map(([k, v]) => [k.toLowerCase(), v]));
		seen.set(e.requestId, {
			url: e.response.url, status: e.response.status, fromCache: e.response.fromDiskCache ||
				e.response.fromMemoryCache, encoding: h['content-encoding'] ?? '',
			cacheControl: h['cache-control'] ?? '', transferred: 0, decoded: 0,
		});
	});
	const servedFromCache = new Set();
	cdp.on('Network.requestServedFromCache', (e) => servedFromCache.add(e.requestId));
	cdp.on('Network.dataReceived', (e) => {
		const r = seen.get(e.requestId);
		if (r) r.decoded += e.dataLength;
	});
	const finished = new Map();
	cdp.on('Network.loadingFinished', (e) => finished.set(e.requestId, e.encodedDataLength));
	const res = await page.goto(pathname, { waitUntil: 'networkidle' });
	assert.equal(res.status(), 200);
	await cdp.send('Network.disable');
	for (const [id, r] of seen) {
		r.transferred = finished.get(id) ?? 0;
		if (servedFromCache.has(id)) r.fromCache = true;
	}
	await cdp.detach();
	return [...seen.values()];
}

test('first visit of a demo worker\'s home page: at most 60 KB transferred', async (t) => {
	// Sign in through the form in one context, then carry the session to
	// a fresh context: its cache is empty (the first visit).
	const signin = await openPageIn(browser, baseURL);
	let cookies;
	try {
		await signin.page.goto(SIGNIN);
		await signin.page.fill('#login', WORKER);
		await signin.page.fill('#password', PASSWORD);
		await signin.page.fill('#code', await codes.next(secret));
		await Promise.all([
			signin.page.waitForNavigation(),
			signin.page.click(`form[action="${SIGNIN}"] button[type="submit"]`),
		]);
		assert.equal(new URL(signin.page.url()).pathname, '/');
		cookies = await signin.context.cookies();
		assert.ok(cookies.some((c) => /relais_session$/.test(c.name)), 'signed in');
		assert.deepEqual(signin.errors, []);
	} finally {
		await signin.context.close();
	}

	const { context, page, errors } = await openPageIn(browser, baseURL);
	try {
		await context.addCookies(cookies);
		const first = await visit(page, '/');
		const total = first.reduce((s, r) => s + r.transferred, 0);
		const decoded = first.reduce((s, r) => s + r.decoded, 0);
		for (const r of first)
			t.diagnostic(`${r.status} ${r.url.replace(baseURL, '')} ${r.encoding || 'identity'} ` +
				`${r.transferred} B transferred, ${r.decoded} B decoded`);
		t.diagnostic(`first visit of the home page: ${total} bytes transferred in ` +
			`${first.length} requests (${decoded} bytes decoded); budget ${BUDGET}`);
		// The home page and its three assets, none from a cache.
		assert.equal(new URL(page.url()).pathname, '/');
		assert.ok(first.length >= 4, `the page and its assets: ${JSON.stringify(first)}`);
		assert.ok(first.every((r) => !r.fromCache && r.transferred > 0));
		// Every asset under its hashed name, compressed, immutable.
		const assets = first.filter((r) => new URL(r.url).pathname.startsWith('/assets/'));
		assert.equal(assets.length, 3);
		for (const r of assets) {
			assert.match(new URL(r.url).pathname, /^\/assets\/[a-z.]+\.[0-9a-f]{16}\.(css|js)$/);
			assert.match(r.encoding, /^(br|gzip)$/, `${r.url} compressed`);
			assert.equal(r.cacheControl, 'public, max-age=31536000, immutable');
		}
		assert.ok(total <= BUDGET, `first visit: ${total} bytes transferred, budget ${BUDGET}`);
		// The page's own count agrees (Resource Timing; the navigation's
		// transferSize counts the page, each resource its own).
		const timing = await page.evaluate(() =>
			performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
				.reduce((s, e) => s + e.transferSize, 0));
		t.diagnostic(`Resource Timing transferSize: ${timing} bytes`);
		assert.ok(timing > 0 && timing <= BUDGET, `Resource Timing: ${timing} bytes`);

		// The second visit: the assets from the cache, the page alone.
		const second = await visit(page, '/');
		const again = second.filter((r) => !r.fromCache).reduce((s, r) => s + r.transferred, 0);
		t.diagnostic(`second visit: ${again} bytes transferred`);
		const fetched = second.filter((r) => new URL(r.url).pathname.startsWith('/assets/') &&
			!r.fromCache && r.transferred > 0);
		assert.deepEqual(fetched, [], 'assets from the cache on the second visit');
		assert.deepEqual(errors, []);
	} finally {
		await context.close();
	}
});
