// What the browser tests share around one relais server and Chromium:
// a page that records its errors, the axe-core audit, and the server's
// graceful stop.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';

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
