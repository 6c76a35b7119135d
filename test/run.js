#!/usr/bin/env node
// `npm test`: builds the package, compiles the tests with the greenlet-ts transformer
// (through tspc, as a user's project would) and runs them with mocha on every backend
// that is available here. Prints one closing line: "N passed, N failed".
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

run(bin('tsc'), ['-p', 'tsconfig.json']);
run(bin('tspc'), ['-p', 'runtime/hub/tsconfig.json']); // greenlet-ts/hub: built with the transformer
run(process.execPath, ['scripts/build-esm.js']); // dist/esm: the ES-module build
// Compiled afresh: a test file deleted from test/ must not live on in build/test.
fs.rmSync(path.join(root, 'build', 'test'), { recursive: true, force: true });
run(bin('tspc'), ['-p', 'test/tsconfig.json']);

// A scratch directory shared by the per-backend mocha runs below (GREENLET_TEST_TMP), so a test
// file can build something once (e.g. the fixture project) and reuse it on every backend.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlet-ts-test-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

// The programs the tests start write to pipes, and their expected output is plain text; FORCE_COLOR
// (set by a user or a CI service) would make Node's console colour what they print. So it is not
// passed on; mocha's own report keeps its colours through --color.
const { FORCE_COLOR, ...testEnv } = process.env;
const colour = FORCE_COLOR !== undefined && FORCE_COLOR !== '0' && FORCE_COLOR !== 'false' ? ['--color'] : [];

const backends = require('./backends');
let passed = 0;
let failed = 0;
const extra = process.argv.slice(2);
for (const backend of backends.available()) {
  console.log(`\n=== backend: ${backend} ===`);
  const r = spawnSync(
    process.execPath,
    [bin('mocha'), '--reporter', 'dot', ...colour, '--recursive', 'build/test', '--extension', '.test.js', ...extra],
    { cwd: root, encoding: 'utf8', env: { ...testEnv, GREENLET_BACKEND: backend, GREENLET_TEST_TMP: scratch }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.stdout.write(r.stdout);
  const pass = /(\d+) passing/.exec(r.stdout);
  const fail = /(\d+) failing/.exec(r.stdout);
  passed += pass ? Number(pass[1]) : 0;
  failed += fail ? Number(fail[1]) : 0;
  if (r.status !== 0 && !fail) failed += 1; // mocha itself failed (e.g. a load error)
}
for (const b of backends.missing()) console.log(`\nbackend ${b.name} skipped: ${b.why}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
