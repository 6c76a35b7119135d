#!/usr/bin/env node
// Run by a Node other than the one the addon was built for (scripts/ci/node-lines.sh): the
// addon must be refused, never loaded — with GREENLET_BACKEND=native, a GreenletError naming
// both Nodes and how to rebuild; unset, the cps backend, with the same reason in whyNotNative.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const built = JSON.parse(fs.readFileSync(path.join(root, 'runtime-native', 'build', 'greenlet-node.json'), 'utf8'));
if (built.modules === process.versions.modules) {
  console.error(`abi-mismatch: the addon was built for this Node (${process.version}); run this with another one`);
  process.exit(2);
}
const load = "const g = require('./dist/entry/node.js'); console.log(JSON.stringify([g.backend, g.whyNotNative]))";
function run(backend) {
  const env = { ...process.env };
  delete env.GREENLET_BACKEND;
  if (backend) env.GREENLET_BACKEND = backend;
  return spawnSync(process.execPath, ['-e', load], { cwd: root, env, encoding: 'utf8' });
}
const failures = [];
const wanted = [`built for Node ${built.node}`, `this is Node ${process.versions.node}`, 'npm rebuild greenlet-ts'];

const forced = run('native');
if (forced.status !== 1 || forced.signal) failures.push(`GREENLET_BACKEND=native: exit ${forced.status ?? forced.signal}, not 1`);
if (!/GreenletError: GREENLET_BACKEND=native, but the native addon is not available/.test(forced.stderr)) {
  failures.push(`GREENLET_BACKEND=native: no GreenletError saying so:\n${forced.stderr}`);
}
for (const w of wanted) if (!forced.stderr.includes(w)) failures.push(`GREENLET_BACKEND=native: the error does not say "${w}"`);

const unset = run(undefined);
let chosen;
try {
  chosen = JSON.parse(unset.stdout);
} catch {
  failures.push(`unset: exit ${unset.status ?? unset.signal}:\n${unset.stdout}${unset.stderr}`);
}
if (chosen) {
  if (chosen[0] !== 'cps') failures.push(`unset: backend ${chosen[0]}, not cps`);
  for (const w of wanted) if (!String(chosen[1]).includes(w)) failures.push(`unset: whyNotNative does not say "${w}": ${chosen[1]}`);
}
for (const f of failures) console.error(`abi-mismatch: ${f}`);
console.log(`abi-mismatch (addon of Node ${built.node} under ${process.version}): ${failures.length === 0 ? 2 : 0} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
