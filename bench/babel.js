#!/usr/bin/env node
// The cost of building with greenlet-ts/babel instead of tspc + the TypeScript transformer
// (issue 7 item 2). Compiles bench/workloads.ts and bench/babel-calls.ts both ways — tspc into
// build/bench/, Babel (preset-typescript, greenlet-ts/babel, CommonJS) into build/bench-babel/ —
// and runs each on every available backend, alternating builds for ROUNDS rounds; a figure is
// the median of its rounds' medians. Prints a markdown table; BENCH_WRITE=1 appends it to
// bench/RESULTS.md under "## Babel". BENCH_QUICK=1 shortens every timing.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const backends = require('../test/backends');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FIGURES = ['switch@1', 'switch@50', 'marked-call', 'unmarked-call', 'create-run-finish', 'pipeline', 'method-call', 'push-call'];
const FILES = ['workloads', 'babel-calls', 'baselines', 'parser', 'measure', 'config'];

function run(cmd, args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  // Exit 2 is "emitted, with diagnostics": a type error elsewhere in a shared checkout need not stop a measurement.
  if (r.status === 2) console.error(`bench/babel: ${path.basename(cmd)} ${args.join(' ')} reported errors (above); measuring what it emitted`);
  else if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function buildBabel() {
  const babel = require('@babel/core');
  const out = path.join(root, 'build', 'bench-babel');
  fs.mkdirSync(out, { recursive: true });
  const started = process.hrtime.bigint();
  for (const name of FILES) {
    const r = babel.transformFileSync(path.join(__dirname, `${name}.ts`), {
      babelrc: false,
      configFile: false,
      presets: [require.resolve('@babel/preset-typescript')],
      plugins: [require.resolve('greenlet-ts/babel'), require.resolve('@babel/plugin-transform-modules-commonjs')],
    });
    fs.writeFileSync(path.join(out, `${name}.js`), r.code);
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Suspension points emitted into a compiled file: what each build could not prove plain. Each
 * site calls `callable` once, or (arguments that suspend) `call`, `call0` or `call1`.
 */
function suspensionPoints(file) {
  return (fs.readFileSync(file, 'utf8').match(/__greenlet\w*\.(callable|call[01]?)\(/g) ?? []).length;
}

function measure(dir, file, backend) {
  let r;
  // A shared checkout may be rebuilding the native addon just then: try again before giving up.
  for (let attempt = 1; attempt <= 3; attempt++) {
    r = spawnSync(process.execPath, [path.join(dir, `${file}.js`)], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GREENLET_BACKEND: backend, BENCH_ITEMS: process.env.BENCH_ITEMS ?? '200000' },
      timeout: 300_000,
    });
    if (r.status === 0) break;
    process.stderr.write(`bench/babel: ${file}.js on ${backend} failed (attempt ${attempt}): ${r.stderr.trim().split('\n')[0] ?? ''}\n`);
    spawnSync('sleep', ['10']);
  }
  if (r.status !== 0) throw new Error(`${dir}/${file}.js on ${backend} failed:\n${r.stderr}`);
  const figures = {};
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const f = JSON.parse(line);
    if (typeof f.median === 'number') figures[f.bench] = f.median;
  }
  return figures;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ns = (x) => (x === undefined ? 'n/a' : x >= 1e6 ? `${(x / 1e6).toFixed(2)} ms` : x >= 1e3 ? `${(x / 1e3).toFixed(2)} µs` : `${x.toFixed(1)} ns`);

function main() {
  run(bin('tsc'), ['-p', 'tsconfig.json']);
  const tspcMs = run(bin('tspc'), ['-p', 'bench/tsconfig.json']);
  const babelMs = buildBabel();
  const builds = { tspc: path.join(root, 'build', 'bench'), babel: path.join(root, 'build', 'bench-babel') };
  const points = Object.fromEntries(
    Object.entries(builds).map(([b, dir]) => [b, ['workloads', 'babel-calls'].map((f) => suspensionPoints(path.join(dir, `${f}.js`))).reduce((a, c) => a + c)]),
  );
  const samples = {}; // backend → build → figure → [round medians]
  const available = backends.available();
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of available) {
      for (const build of round % 2 ? ['babel', 'tspc'] : ['tspc', 'babel']) {
        process.stderr.write(`bench/babel: round ${round + 1}/${ROUNDS}, ${backend}, ${build}…\n`);
        const figures = { ...measure(builds[build], 'workloads', backend), ...measure(builds[build], 'babel-calls', backend) };
        for (const [name, value] of Object.entries(figures)) {
          ((((samples[backend] ??= {})[build] ??= {})[name] ??= [])).push(value);
        }
      }
    }
  }
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}; ` +
      `${ROUNDS} alternating rounds, each figure the median of the rounds' medians (\`node bench/babel.js\`).`,
    '',
    '| figure | backend | tspc build | Babel build | Babel / tspc |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const backend of available) {
    for (const figure of FIGURES) {
      const t = samples[backend]?.tspc?.[figure];
      const b = samples[backend]?.babel?.[figure];
      if (!t || !b) continue;
      const mt = median(t);
      const mb = median(b);
      lines.push(`| ${figure} | ${backend} | ${ns(mt)} | ${ns(mb)} | ${(mb / mt).toFixed(2)}× |`);
    }
  }
  lines.push(
    '',
    `Suspension points emitted in workloads.ts + babel-calls.ts: tspc ${points.tspc}, Babel ${points.babel}. ` +
      `Build time of bench/: tspc (type-checks the program) ${(tspcMs / 1000).toFixed(1)} s, Babel (${FILES.length} files, in process) ${(babelMs / 1000).toFixed(1)} s.`,
  );
  const table = lines.join('\n');
  console.log(table);
  if (process.env.BENCH_WRITE) {
    const results = path.join(__dirname, 'RESULTS.md');
    const previous = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '';
    const heading = previous.includes('\n## Babel\n') || previous.startsWith('## Babel\n') ? '' : '## Babel\n\n';
    fs.writeFileSync(results, `${previous.trimEnd()}${previous ? '\n\n' : ''}${heading}${table}\n`);
    console.log('appended to bench/RESULTS.md');
  }
}

if (require.main === module) main();

module.exports = { buildBabel };
