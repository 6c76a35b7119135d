// Which backends this machine can run, for the test and fixture runners.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
let probed;

function probe() {
  if (probed) return probed;
  probed = [{ name: 'cps' }];
  const r = spawnSync(
    process.execPath,
    ['-e', "const n = require('./dist/runtime-native/backend').loadNative(); if (!n.backend) { console.log(n.error); process.exit(3); }"],
    { cwd: root, encoding: 'utf8' },
  );
  probed.push(r.status === 0 ? { name: 'native' } : { name: 'native', why: (r.stdout || r.stderr).trim() });
  return probed;
}

exports.available = () => probe().filter((b) => !b.why).map((b) => b.name);
exports.missing = () => probe().filter((b) => b.why);
