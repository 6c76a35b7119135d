#!/usr/bin/env node
// Builds examples/browser the way its own project would: tspc (the greenlet-ts transformer is
// named in tsconfig.json), then esbuild bundles for the browser with no configuration beyond
// `platform: 'browser'` — greenlet-ts's `browser` export condition does the rest. Writes
// dist/ (index.html, racers.json, bundle.js): serve it and open index.html.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = __dirname;
const root = path.resolve(dir, '..', '..');
// What `npm install` here does for its "file:../.." dependency: a link.
const link = path.join(dir, 'node_modules', 'greenlet-ts');
if (!fs.existsSync(link)) {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), root), link, 'dir');
}
const tspc = fs.realpathSync(path.join(root, 'node_modules', '.bin', 'tspc'));
const r = spawnSync(process.execPath, [tspc, '-p', dir], { cwd: dir, stdio: 'inherit' });
if (r.status !== 0) process.exit(1);

const esbuild = require(path.join(root, 'node_modules', 'esbuild'));
const result = esbuild.buildSync({
  entryPoints: [path.join(dir, 'dist', 'js', 'main.js')],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  sourcemap: true,
  outfile: path.join(dir, 'dist', 'bundle.js'),
  metafile: true,
  logLevel: 'warning',
});
for (const f of ['index.html', 'racers.json']) fs.copyFileSync(path.join(dir, 'public', f), path.join(dir, 'dist', f));
// What went in: no Node built-in, nothing of the native backend.
const inputs = Object.keys(result.metafile.inputs);
const bad = inputs.filter((p) => p.startsWith('node:') || /runtime-native|entry[/\\]node/.test(p));
if (bad.length > 0) {
  console.error(`examples/browser: the bundle holds what a browser cannot run: ${bad.join(', ')}`);
  process.exit(1);
}
console.log(`examples/browser: dist/bundle.js from ${inputs.length} modules`);
