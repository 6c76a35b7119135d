#!/usr/bin/env node
// Build time of the routes a TypeScript 7 project could take to greenlet code (issue 13 item 4),
// against tspc, on one project: the fixtures (every fixtures/*.ts and fixtures/lib/, as
// test/fixtures.test.ts lays them out), each route a fresh process as a user runs it:
//   tspc           ts-patch 3.3 on TypeScript 6.0 (the package's own), the transformer with types
//   greenlet-tsc   greenlet-ts's bin: the same transformer on its own TypeScript 6.0
//   tsc 7 + Babel  TypeScript 7's tsc (Go) emits JavaScript, then greenlet-ts/babel rewrites it
//                  (no types: calls it cannot prove plain are checked at run time), source
//                  maps chained
// Routes alternate for ROUNDS rounds (BENCH_ROUNDS, default 3); a figure is the median. Also
// prints the suspension points each route emitted (what the Babel route could not prove plain)
// and checks that each route's classic fixture prints 12, 56, 34.
// The cost of those extra suspension points per call on cps: `node bench/babel.js` (method-call,
// push-call rows); tsc 7 + Babel classifies as the Babel build there does.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** `node bench/typescript7.js --babel-pass DIR`: the Babel half of the tsc 7 + Babel route, in its own process. */
function babelPass(dir) {
  const babel = require('@babel/core');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  for (const rel of files) {
    const file = path.join(dir, rel);
    const mapFile = `${file}.map`;
    const code = fs.readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
    const inputSourceMap = fs.existsSync(mapFile) ? JSON.parse(fs.readFileSync(mapFile, 'utf8')) : undefined;
    const r = babel.transformSync(code, {
      filename: file,
      babelrc: false,
      configFile: false,
      sourceType: 'unambiguous',
      plugins: [require.resolve('greenlet-ts/babel')],
      inputSourceMap,
      sourceMaps: inputSourceMap !== undefined,
      retainLines: false,
    });
    fs.writeFileSync(file, r.map ? `${r.code}\n//# sourceMappingURL=${path.basename(mapFile)}\n` : r.code);
    if (r.map) fs.writeFileSync(mapFile, JSON.stringify({ ...r.map, file: path.basename(file) }));
  }
}

function layOut(project) {
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  fs.symlinkSync(root, path.join(modules, 'greenlet-ts'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', 'typescript-7'), path.join(modules, 'typescript'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  const fixtures = path.join(root, 'fixtures');
  fs.cpSync(fixtures, path.join(project, 'src'), {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(fixtures, src);
      if (rel === '' || fs.statSync(src).isDirectory()) return rel === '' || rel.split(path.sep)[0] === 'lib';
      return rel.startsWith(`lib${path.sep}`) ? /\.(ts|js)$/.test(rel) : /^[^/]+\.ts$/.test(rel);
    },
  });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'bench-ts7', private: true }));
  const compilerOptions = {
    target: 'ES2022', module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'], strict: true,
    allowJs: true, sourceMap: true, rootDir: 'src', outDir: 'dist', plugins: [{ transform: 'greenlet-ts/transformer' }],
  };
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
}

function timed(cmd, args, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return ms;
}

function main() {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlet-ts-bench-ts7-'));
  try {
    layOut(project);
    const out = (route) => path.join(project, `out-${route}`);
    const routes = {
      tspc: () => timed(process.execPath, [path.join(root, 'node_modules', 'ts-patch', 'bin', 'tspc.js'), '-p', project, '--outDir', out('tspc')], project),
      'greenlet-tsc': () => timed(process.execPath, [path.join(root, 'dist', 'transformer', 'tsc.js'), '-p', project, '--outDir', out('greenlet-tsc')], project),
      'tsc 7 + Babel': () =>
        timed(path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', project, '--outDir', out('tsc7-babel')], project) +
        timed(process.execPath, [__filename, '--babel-pass', out('tsc7-babel')], project),
    };
    const dirs = { tspc: out('tspc'), 'greenlet-tsc': out('greenlet-tsc'), 'tsc 7 + Babel': out('tsc7-babel') };
    const samples = Object.fromEntries(Object.keys(routes).map((r) => [r, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = Object.keys(routes);
      if (round % 2) order.reverse();
      for (const r of order) {
        fs.rmSync(dirs[r], { recursive: true, force: true });
        process.stderr.write(`bench/typescript7: round ${round + 1}/${ROUNDS}, ${r}…\n`);
        samples[r].push(routes[r]());
      }
    }
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const points = (dir) =>
      fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.js'))
        .reduce((n, f) => n + (fs.readFileSync(path.join(dir, f), 'utf8').match(/__greenlet\w*\.call\w*\(/g) ?? []).length, 0);
    const base = median(samples.tspc);
    const files = fs.readdirSync(path.join(project, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|js)$/.test(f)).length;
    console.log(
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${os.cpus().length} CPUs, ` +
        `load ${os.loadavg()[0].toFixed(2)}; the fixture project (${files} files), ${ROUNDS} alternating rounds, medians (\`node bench/typescript7.js\`).\n`,
    );
    console.log('| route | build time | / tspc | suspension points emitted | classic fixture prints |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of Object.keys(routes)) {
      const m = median(samples[r]);
      const run = spawnSync(process.execPath, [path.join(dirs[r], 'classic.js')], { encoding: 'utf8', env: { ...process.env, GREENLET_BACKEND: 'cps' } });
      const printed = run.status === 0 ? run.stdout.trim().split('\n').join(', ') : `exit ${run.status}: ${run.stderr.trim().split('\n')[0]}`;
      console.log(`| ${r} | ${(m / 1000).toFixed(2)} s (${samples[r].map((x) => (x / 1000).toFixed(1)).join(', ')}) | ${(m / base).toFixed(2)}× | ${points(dirs[r])} | ${printed} |`);
    }
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--babel-pass') babelPass(process.argv[3]);
else main();
