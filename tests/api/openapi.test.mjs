// The API's description (GET /api/v1/openapi.json) from the real binary,
// validated against the OpenAPI 3.1 schema by @seriousme/openapi-schema-validator,
// and every JSON Schema in it (bodies, parameters, components) compiled in
// strict mode as JSON Schema 2020-12 by ajv.  Two damaged copies must be
// refused, so that a validator that accepts anything cannot pass.
// (tests/http/test_openapi.c checks the document against the route table.)
//
// Run: make -j2 && node --test tests/api/
// Binary: $RELAIS_BIN, default build/relais.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.RELAIS_BIN
	? path.resolve(process.env.RELAIS_BIN)
	: path.resolve(here, '../../build/relais');

let dir;
let server;
let doc;

before(async () => {
	assert.ok(fs.existsSync(BIN), `relais binary not found at ${BIN} (run make first)`);
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-api-'));
	const db = path.join(dir, 't.db');
	const init = spawnSync(BIN, ['init', '--db', db], { encoding: 'utf8', timeout: 10_000 });
	assert.equal(init.status, 0, `relais init failed:\n${init.stdout}${init.stderr}`);

	server = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	server.stderr.on('data', (d) => { stderr += d; });
	const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve(code ?? signal)));
	const lines = readline.createInterface({ input: server.stdout });
	const baseURL = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server not ready in 10 s:\n${stderr}`)), 10_000);
		lines.once('line', (line) => {
			clearTimeout(timer);
			const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
			if (m) resolve(m[1]);
			else reject(new Error(`unexpected first line: ${line}\n${stderr}`));
		});
		exited.then((why) => {
			clearTimeout(timer);
			reject(new Error(`server exited early (${why}):\n${stderr}`));
		});
	});
	lines.on('line', () => {});

	const res = await fetch(new URL('/api/v1/openapi.json', baseURL));
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^application\/json/);
	doc = await res.json();
});

after(async () => {
	if (server && server.exitCode === null) {
		const done = new Promise((resolve) => server.on('exit', resolve));
		server.kill('SIGTERM');
		await done;
	}
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function validate(spec) {
	const validator = new Validator();
	const result = await validator.validate(structuredClone(spec));
	return { validator, result };
}

test('the document is valid OpenAPI 3.1', async () => {
	const { validator, result } = await validate(doc);
	assert.ok(result.valid, `invalid OpenAPI document:\n${JSON.stringify(result.errors, null, 2)}`);
	assert.equal(validator.version, '3.1');
	// Every $ref resolves.
	assert.doesNotThrow(() => validator.resolveRefs());
});

// Every Schema Object of the document: bodies, parameters, responses, components.
function schemas(node, where, out) {
	if (!node || typeof node !== 'object') return out;
	for (const [key, value] of Object.entries(node)) {
		if (key === 'schema' && value && typeof value === 'object' && !('$ref' in value))
			out.push([`${where}/schema`, value]);
		else schemas(value, `${where}/${key}`, out);
	}
	return out;
}

test('every schema in it is strict JSON Schema 2020-12', () => {
	const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
	// The OpenAPI annotations ajv does not know of itself.
	ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
	ajv.addFormat('date', true);
	const found = schemas(doc.paths, '#/paths', []);
	for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}))
		found.push([`#/components/schemas/${name}`, schema]);
	assert.ok(found.length > 10, `only ${found.length} schemas found`);
	for (const [where, schema] of found) {
		assert.doesNotThrow(() => ajv.compile(schema), `${where} is not a valid schema`);
	}
	// A declared body accepts what its table accepts and refuses what it refuses.
	const body = doc.paths['/api/v1/cases/{id}/interventions'].post.requestBody
		.content['application/json'].schema;
	const check = ajv.compile(body);
	assert.ok(check({ duration_minutes: 45, date: '2025-03-04', mode: 'entretien', kind: 'suivi',
		notes: null }), JSON.stringify(check.errors));
	assert.equal(check({ duration_minutes: 2000, date: '2025-03-04', mode: 'x', kind: 'y' }), false);
	assert.equal(check({ date: '2025-03-04', mode: 'x', kind: 'y' }), false);
	assert.equal(check({ duration_minutes: 1, date: '2025-03-04', mode: 'Entretien', kind: 'y' }), false);
});

test('a damaged document is refused', async () => {
	const noVersion = structuredClone(doc);
	delete noVersion.info.version;
	assert.equal((await validate(noVersion)).result.valid, false, 'info without version accepted');

	const deadRef = structuredClone(doc);
	const op = Object.values(deadRef.paths).flatMap((item) => Object.values(item))
		.find((o) => o && o.responses);
	op.responses['404'] = { $ref: '#/components/responses/Nowhere' };
	assert.equal((await validate(deadRef)).result.valid, false, 'a dangling $ref accepted');
});
