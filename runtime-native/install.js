#!/usr/bin/env node
// `npm install` step: builds the native addon with node-gyp. When that fails (no compiler,
// no python, no headers) it says why and how to rebuild, and exits 0 so that the install
// still succeeds and greenlet-ts runs on the cps backend.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;

function findNodeGyp() {
  // npm runs install scripts with its own node-gyp in npm_config_node_gyp.
  const candidates = [
    process.env.npm_config_node_gyp,
    (() => {
      try {
        return require.resolve('node-gyp/bin/node-gyp.js');
      } catch {
        return undefined;
      }
    })(),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((p) => p && fs.existsSync(p));
}

function headersArgs() {
  // Use the headers installed next to this node (Debian's nodejs-dev, or an official
  // tarball) rather than downloading them, unless npm was told where they are.
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? [`--nodedir=${prefix}`] : [];
}

function fail(why) {
  console.warn(
    `\ngreenlet-ts: the native backend was not built: ${why}\n` +
      'greenlet-ts works without it on the cps backend (only functions marked /** @greenlet */ can suspend).\n' +
      'To build it, install python3, make and a C++17 compiler, then run `npm rebuild greenlet-ts`\n' +
      '(in a clone of greenlet-ts: `npm run build:native`).\n',
  );
  process.exit(0);
}

const gyp = findNodeGyp();
if (!gyp) fail('node-gyp was not found (it comes with npm)');
// configure + build rather than rebuild: rebuild deletes the built addon first, and programs
// started meanwhile (a reinstall in a working tree) would find no native backend.
for (const step of ['configure', 'build']) {
  const r = spawnSync(process.execPath, [gyp, step, ...headersArgs()], { cwd: here, stdio: 'inherit' });
  if (r.error) fail(r.error.message);
  if (r.status !== 0) fail(`node-gyp ${step} exited with ${r.status ?? r.signal} (its output is above)`);
}
