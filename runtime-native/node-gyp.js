// Builds an addon directory (one with a binding.gyp) with node-gyp: npm's own, found without
// needing it on PATH, and the headers installed next to this node when there are some. Used by
// install.js for the native backend and by bench/native/handoff.js for its floor addon.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

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

/**
 * Runs `node-gyp configure` and `build` in `dir`; returns null, or why it failed. Configure +
 * build rather than rebuild: rebuild deletes the built addon first, and programs started
 * meanwhile (a reinstall in a working tree) would find none.
 */
function buildAddon(dir, stdio = 'inherit') {
  const gyp = findNodeGyp();
  if (!gyp) return 'node-gyp was not found (it comes with npm)';
  for (const step of ['configure', 'build']) {
    const r = spawnSync(process.execPath, [gyp, step, ...headersArgs()], { cwd: dir, stdio });
    if (r.error) return r.error.message;
    if (r.status !== 0) return `node-gyp ${step} exited with ${r.status ?? r.signal} (its output is above)`;
  }
  return null;
}

module.exports = { buildAddon };
