#!/usr/bin/env node
// `npm run example`: builds examples/classic the way its own project would (tspc, with the
// greenlet-ts transformer named in its tsconfig.json) and runs it on every backend available
// here. Each run must print 12, 56, 34, one per line.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = __dirname;
const root = path.resolve(dir, '..', '..');
const backends = require(path.join(root, 'test', 'backends.js'));
const expected = '12\n56\n34\n';

function fail(message) {
  console.error(`example: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(root, 'dist', 'transformer', 'index.js'))) {
  fail('greenlet-ts is not built yet: run `npm install` (or `npm run build`) at the repository root first');
}
// What `npm install` in examples/classic does for its "file:../.." dependency: a link.
const link = path.join(dir, 'node_modules', 'greenlet-ts');
if (!fs.existsSync(link)) {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), root), link, 'dir');
}

const tspc = fs.realpathSync(path.join(root, 'node_modules', '.bin', 'tspc'));
console.log('$ tspc -p examples/classic');
const build = spawnSync(process.execPath, [tspc, '-p', dir], { cwd: dir, stdio: 'inherit' });
if (build.status !== 0) fail(`tspc failed (exit ${build.status ?? build.signal})`);

let ok = true;
for (const backend of backends.available()) {
  console.log(`$ GREENLET_BACKEND=${backend} node examples/classic/dist/main.js`);
  const r = spawnSync(process.execPath, [path.join(dir, 'dist', 'main.js')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GREENLET_BACKEND: backend },
  });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== 0 || r.stdout !== expected) {
    console.error(`example: on ${backend} expected 12, 56, 34 (exit 0), got exit ${r.status ?? r.signal}`);
    ok = false;
  }
}
for (const b of backends.missing()) console.log(`(backend ${b.name} not available here: ${b.why})`);
process.exit(ok ? 0 : 1);
