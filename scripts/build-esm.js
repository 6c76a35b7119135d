#!/usr/bin/env node
// The ES-module side of `npm run build` (after the CommonJS build, dist/):
// - dist/esm/: the portable build (browsers, Deno, Bun, workers) — tsc and, for the hub, tspc
//   with the transformer — made loadable as ES modules everywhere: relative imports get their
//   `.js`, and the package's own specifiers ("greenlet-ts", "greenlet-ts/protocol") become
//   relative, so one copy of the runtime serves the hub and the user's code in any resolver;
// - dist/esm/node/: Node's ES-module entries, which re-export the CommonJS build, so that
//   `import` and `require` on Node share one copy (one main greenlet, one protocol record).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const esm = path.join(root, 'dist', 'esm');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** The package's own specifiers, as files of the portable build. */
const SELF = {
  'greenlet-ts': 'entry/portable.js',
  'greenlet-ts/protocol': 'runtime/protocol.js',
  'greenlet-ts/hub': 'runtime/hub/portable.js',
};

/** `spec` as written in `file` (.js or .d.ts) of dist/esm, made loadable by an ES-module resolver. */
function resolveSpec(file, spec) {
  const dir = path.dirname(file);
  let target;
  if (spec in SELF) target = path.join(esm, SELF[spec]);
  else if (spec.startsWith('./') || spec.startsWith('../')) {
    if (/\.(m?js|json)$/.test(spec)) return spec;
    const base = path.resolve(dir, spec);
    target = fs.existsSync(`${base}.js`) ? `${base}.js` : path.join(base, 'index.js');
  } else return spec;
  if (!fs.existsSync(target)) throw new Error(`${path.relative(root, file)}: '${spec}' has no file in dist/esm (${target})`);
  const rel = path.relative(dir, target).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** import/export declarations (tsc writes each at the start of a line) and `import("…")` types. */
const SPECIFIER = /^((?:import|export)\b[^'";]*?\bfrom\s*|import\s*)(['"])([^'"\n]+)\2|(\bimport\(\s*)(['"])([^'"\n]+)\5/gm;

function rewrite(file) {
  const text = fs.readFileSync(file, 'utf8');
  const out = text.replace(SPECIFIER, (all, head, q, spec, dynHead, dq, dspec) =>
    head !== undefined ? `${head}${q}${resolveSpec(file, spec)}${q}` : `${dynHead}${dq}${resolveSpec(file, dspec)}${dq}`,
  );
  if (out !== text) fs.writeFileSync(file, out);
}

function walk(dir, visit) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, visit);
    else visit(p);
  }
}

fs.rmSync(esm, { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.esm.json']);
run(bin('tspc'), ['-p', 'runtime/hub/tsconfig.esm.json']);
fs.writeFileSync(path.join(esm, 'package.json'), '{\n  "type": "module"\n}\n');
walk(esm, (file) => {
  if (file.endsWith('.js') || file.endsWith('.d.ts')) rewrite(file);
});

// Node's ES-module entries: the CommonJS modules' exports, by name (those of the portable build,
// whose source is the same), as one copy with `require`.
const NODE_ENTRIES = [
  ['index.js', 'entry/portable.js', '../../entry/node.js'],
  ['hub.js', 'runtime/hub/portable.js', '../../runtime/hub/node.js'],
  ['protocol.js', 'runtime/protocol.js', '../../runtime/protocol.js'],
];
(async () => {
  fs.mkdirSync(path.join(esm, 'node'), { recursive: true });
  for (const [name, portable, cjs] of NODE_ENTRIES) {
    const names = Object.keys(await import(path.join(esm, portable))).sort();
    fs.writeFileSync(
      path.join(esm, 'node', name),
      '// Written by scripts/build-esm.js: on Node, `import` gets the CommonJS build, so that it and\n' +
        '// `require` share one copy of greenlet-ts.\n' +
        `import cjs from '${cjs}';\n\n` +
        `export const {\n${names.map((n) => `  ${n},\n`).join('')}} = cjs;\n`,
    );
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
