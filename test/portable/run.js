#!/usr/bin/env node
// greenlet-ts off Node: the fixtures and the hub's tests on Bun and Deno, with the backend each
// chooses and how each reports an unjoined error; the fixtures, the hub's tests and
// examples/browser in headless Chromium (test/portable/chromium.js). Bun and Deno come from
// this checkout's devDependencies, Chromium from /usr/bin/chromium (Debian's package; see
// scripts/ci/portable.sh). Needs `npm test` to have built build/test (it does so itself if not).
//
//   node test/portable/run.js [bun] [deno] [chromium] [rollup] [webpack]     (default: all)
//
// rollup, webpack: a program importing greenlet-ts and greenlet-ts/hub, bundled by Rollup with
// @rollup/plugin-node-resolve's defaults (no browser option) or by webpack with its defaults
// (target web), holds no Node built-in and runs (on Deno).
//
// Prints one closing line: "N passed, N failed, N skipped".
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// The fixtures run on cps (what these runtimes choose by themselves, checked below).
delete process.env.GREENLET_BACKEND;
const env = { ...process.env, NO_COLOR: '1' };

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env, timeout: 60_000, ...options });
}

if (!fs.existsSync(path.join(root, 'build', 'test', 'fixture-support.js'))) {
  const r = run(process.execPath, [bin('tspc'), '-p', 'test/tsconfig.json'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
// The test build is CommonJS; Deno takes a .js file for one only when package.json says so.
fs.writeFileSync(path.join(root, 'build', 'package.json'), '{\n  "type": "commonjs"\n}\n');
const support = require(path.join(root, 'build', 'test', 'fixture-support.js'));

const targets = process.argv.length > 2 ? process.argv.slice(2) : ['bun', 'deno', 'chromium', 'rollup', 'webpack'];
const counts = { passed: 0, failed: 0, skipped: 0 };
function pass(what) {
  counts.passed++;
  console.log(`  ok   ${what}`);
}
function fail(what, why) {
  counts.failed++;
  console.log(`  FAIL ${what}\n${why.replace(/^/gm, '       ')}`);
}
function skip(what, why) {
  counts.skipped++;
  console.log(`  skip ${what}: ${why}`);
}

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlet-ts-portable-'));
process.on('exit', () => fs.rmSync(project, { recursive: true, force: true }));
support.buildFixtureProject(project);
fs.writeFileSync(path.join(project, 'dist', 'package.json'), '{\n  "type": "commonjs"\n}\n');
const fixtures = fs
  .readdirSync(support.fixturesDir)
  .filter((f) => /^[^.]+\.ts$/.test(f)) // the .js ones are Babel's (test/fixtures-babel.test.ts)
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

/** Checks one run of fixture `name` against its cps expectations. */
function checkFixture(what, name, r) {
  const expected = support.expectation(name, 'out');
  const exitText = support.expectation(name, 'exit');
  const code = exitText === undefined ? 0 : Number(exitText.trim());
  const stderr = r.stderr ? `\nstderr:\n${support.head(r.stderr, 15)}` : '';
  if (r.error) return fail(what, String(r.error));
  if (r.stdout !== expected) return fail(what, `stdout differs from fixtures/${name}.out:\n${support.head(support.diffLines(expected, r.stdout), 40)}${stderr}`);
  if (r.status !== code) return fail(what, `exit code ${r.status ?? r.signal}, expected ${code}${stderr}`);
  if (code === 0 && r.stderr !== '') return fail(what, `wrote to stderr:${stderr}`);
  pass(what);
}

/** On Bun and Deno: which backend greenlet-ts picks by itself, and what GREENLET_BACKEND=native says. */
function checkChoice(runtime, argv) {
  const dir = fs.mkdtempSync(path.join(project, 'choice-'));
  const file = path.join(dir, 'choice.mjs');
  fs.writeFileSync(
    file,
    "import { backend } from 'greenlet-ts';\nimport { spawn } from 'greenlet-ts/hub';\n" +
      'const g = spawn(() => backend);\nconsole.log(await g.promise);\n',
  );
  fs.symlinkSync(path.join(project, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const unset = run(argv[0], [...argv.slice(1), file], { cwd: dir });
  if (unset.stdout === 'cps\n' && unset.status === 0) pass(`${runtime}: GREENLET_BACKEND unset picks cps, without loading the addon`);
  else fail(`${runtime}: GREENLET_BACKEND unset`, `exit ${unset.status ?? unset.signal}\n${unset.stdout}${unset.stderr}`);
  const native = run(argv[0], [...argv.slice(1), file], { cwd: dir, env: { ...env, GREENLET_BACKEND: 'native' } });
  if (native.status !== 0 && /GreenletError: GREENLET_BACKEND=native, but the native addon is not available: this is (Bun|Deno)/.test(native.stderr)) {
    pass(`${runtime}: GREENLET_BACKEND=native is a GreenletError that says why`);
  } else fail(`${runtime}: GREENLET_BACKEND=native`, `exit ${native.status ?? native.signal}\n${native.stdout}${native.stderr}`);
}

/**
 * An error in a spawned greenlet nobody joins is reported as the runtime reports an unhandled
 * rejection: the same exit code and output as a promise rejected, unhandled, in an event-loop
 * callback (where the hub's run queue runs greenlets), with the error printed. Whether the
 * program runs on after it varies from run to run on Bun (`ranOnVaries`): it exits at once in
 * about a third of the runs here, while the plain rejection always ran on; the report and the exit
 * code are the same.
 */
function checkUnjoined(runtime, argv, ranOnVaries) {
  const dir = fs.mkdtempSync(path.join(project, 'unjoined-'));
  fs.symlinkSync(path.join(project, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const later = "setTimeout(() => console.log('still running'), 200);\n";
  fs.writeFileSync(path.join(dir, 'greenlet.mjs'), "import { spawn } from 'greenlet-ts/hub';\nspawn(() => { throw new Error('nobody joins me'); });\n" + later);
  fs.writeFileSync(path.join(dir, 'promise.mjs'), "setImmediate(() => { Promise.reject(new Error('nobody joins me')); });\n" + later);
  const [g, p] = ['greenlet.mjs', 'promise.mjs'].map((f) => run(argv[0], [...argv.slice(1), path.join(dir, f)], { cwd: dir }));
  if (g.status === p.status && (ranOnVaries || g.stdout === p.stdout) && p.status !== 0 && /nobody joins me/.test(g.stderr)) {
    pass(`${runtime}: an unjoined error is reported as an unhandled rejection (exit ${g.status}${g.stdout ? ', the program ran on' : ''})`);
  } else {
    fail(`${runtime}: an unjoined error`, `greenlet: exit ${g.status}, stdout ${JSON.stringify(g.stdout)}\n${g.stderr}\npromise: exit ${p.status}, stdout ${JSON.stringify(p.stdout)}`);
  }
}

/** The hub's mocha suite, run by `argv` (the runtime and its flags). */
function hubTests(runtime, argv, invert) {
  const args = [...argv.slice(1), path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'dot', 'build/test/hub/*.test.js'];
  for (const [grep, why] of invert) skip(`${runtime}: hub tests matching /${grep}/`, why);
  // One --grep: mocha keeps only the last one given.
  if (invert.length > 0) args.push('--grep', invert.map(([grep]) => grep).join('|'), '--invert');
  const r = run(argv[0], args, { env: { ...env, GREENLET_BACKEND: 'cps' }, timeout: 120_000 });
  const passing = /(\d+) passing/.exec(r.stdout);
  const failing = /(\d+) failing/.exec(r.stdout);
  if (r.status === 0 && passing) pass(`${runtime}: hub tests, ${passing[1]} passing`);
  else fail(`${runtime}: hub tests (${failing ? failing[1] : '?'} failing)`, `${r.stdout}${r.stderr}`.trim());
}

const RUNTIMES = {
  bun: { argv: [bin('bun')], hubInvert: [], skip: {} },
  deno: { argv: [bin('deno'), 'run', '-A', '--quiet'], hubInvert: [], skip: {} },
};
// JavaScriptCore has proper tail calls: the frame of a callback that ends in `return main.switch(…)`
// is gone when cps looks for the function to name in its GreenletError, which names the caller.
for (const name of ['native-plainjs', 'native-sort']) {
  RUNTIMES.bun.skip[name] = "JavaScriptCore's proper tail calls drop the callback's frame, so cps's GreenletError names its caller";
}
// The fixture sets Node's source maps on (process.setSourceMapsEnabled) and reads V8's frames as
// Node prints them; Deno does not map a bundle-free program's stack through that call, and
// JavaScriptCore formats frames its own way.
for (const rt of Object.values(RUNTIMES)) rt.skip['stack-trace'] = "it reads Node's source-mapped stack traces (process.setSourceMapsEnabled)";
// Bun's process.getActiveResourcesInfo() lists no timers, which this test counts.
RUNTIMES.bun.hubInvert.push(['its timer is cleared', "it counts timers with process.getActiveResourcesInfo(), which lists none on Bun"]);
// Bun: `bun -e` finds no package from the checkout's root, where these tests run their children.
RUNTIMES.bun.hubInvert.push(['errors nobody joins', "its children are `process.execPath -e '…'`, and `bun -e` does not resolve greenlet-ts there"]);

/** Bundlers run with their defaults on `dir`/main.mjs, writing `dir`/out.js; each returns an error text or undefined. */
const BUNDLERS = {
  rollup(dir) {
    fs.writeFileSync(
      path.join(dir, 'rollup.config.mjs'),
      "import { nodeResolve } from '" + require.resolve('@rollup/plugin-node-resolve').replace(/\\/g, '/') + "';\n" +
        "export default { input: 'main.mjs', output: { file: 'out.js', format: 'iife' }, plugins: [nodeResolve()] };\n",
    );
    const built = run(process.execPath, [path.join(root, 'node_modules', 'rollup', 'dist', 'bin', 'rollup'), '-c', 'rollup.config.mjs', '--silent'], { cwd: dir });
    return built.status === 0 ? undefined : `${built.stdout}${built.stderr}`;
  },
  webpack(dir) {
    // webpack's defaults (target web, so the `browser` condition); a mode only to silence its warning.
    const config = JSON.stringify({ mode: 'production', entry: './main.mjs', output: { path: dir, filename: 'out.js' } });
    const script =
      `require(${JSON.stringify(require.resolve('webpack'))})({ ...${config}, context: process.cwd() }, (err, stats) => {\n` +
      "  if (err || stats.hasErrors()) { console.error(String(err || stats.toString('errors-only'))); process.exit(1); }\n});\n";
    const built = run(process.execPath, ['-e', script], { cwd: dir });
    return built.status === 0 ? undefined : `${built.stdout}${built.stderr}`;
  },
};

/** Bundles a program using greenlet-ts and greenlet-ts/hub with `name`, checks what went in, and runs it. */
function bundled(name) {
  const dir = fs.mkdtempSync(path.join(project, `${name}-`));
  fs.writeFileSync(
    path.join(dir, 'main.mjs'),
    "import { backend } from 'greenlet-ts';\nimport { spawn, sleep } from 'greenlet-ts/hub';\n" +
      "console.log(backend, typeof spawn, typeof sleep);\n",
  );
  fs.symlinkSync(path.join(project, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const error = BUNDLERS[name](dir);
  if (error !== undefined) return fail(`${name}: bundle greenlet-ts`, error);
  const out = fs.readFileSync(path.join(dir, 'out.js'), 'utf8');
  const builtins = out.match(/\b(?:import|require)\b[^;\n]*['"]node:[a-z_/]+['"]/g) ?? [];
  if (builtins.length > 0) return fail(`${name}: no Node built-in in the bundle`, builtins.join('\n'));
  if (/greenlet_native/.test(out)) return fail(`${name}: no native loader in the bundle`, 'it names greenlet_native.node');
  const ran = run(bin('deno'), ['run', '--quiet', path.join(dir, 'out.js')]);
  if (ran.stdout !== 'cps function function\n') return fail(`${name}: the bundle runs`, `${ran.stdout}${ran.stderr}`);
  pass(`${name}: bundled with its defaults, no Node built-in, runs (on Deno)`);
}

for (const target of targets) {
  console.log(`\n=== ${target} ===`);
  if (target === 'rollup' || target === 'webpack') {
    bundled(target);
    continue;
  }
  if (target === 'chromium') {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'chromium.js'), project], { cwd: root, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(r.stdout);
    for (const k of Object.keys(counts)) {
      const m = new RegExp(`^${k} (\\d+)$`, 'm').exec(r.stdout);
      counts[k] += m ? Number(m[1]) : 0;
    }
    if (r.status !== 0 && !/^failed [1-9]/m.test(r.stdout)) fail('chromium', `test/portable/chromium.js ended with ${r.status ?? r.signal}`);
    continue;
  }
  const rt = RUNTIMES[target];
  if (rt === undefined) {
    console.error(`unknown target '${target}' (bun, deno, chromium, rollup, webpack)`);
    process.exit(2);
  }
  const version = run(rt.argv[0], ['--version']);
  console.log(version.stdout.split('\n')[0]);
  checkChoice(target, rt.argv);
  checkUnjoined(target, rt.argv, target === 'bun');
  for (const name of fixtures) {
    if (rt.skip[name]) {
      skip(`${target}: fixture ${name}`, rt.skip[name]);
      continue;
    }
    const file = path.join(project, 'dist', `${name}.js`);
    const r = run(rt.argv[0], [...rt.argv.slice(1), file], { cwd: project, env: { ...env, GREENLET_BACKEND: 'cps' }, timeout: support.RUN_TIMEOUT_MS });
    checkFixture(`${target}: fixture ${name}`, name, r);
  }
  hubTests(target, rt.argv, rt.hubInvert);
}

console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
