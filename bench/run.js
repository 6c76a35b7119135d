#!/usr/bin/env node
// `npm run bench`: builds the package and compiles bench/*.ts with the greenlet-ts transformer
// (through tspc, as a user's project would), then runs every workload in its own child process
// — once per available backend (GREENLET_BACKEND; the cps one also times the plain-JavaScript
// baselines), once on Python's greenlet — and prints one table. Every figure is a median with
// its spread (quartiles of the samples); every ratio compares figures of this one run. Writes
// bench/RESULTS.md and bench/switch-depth.svg. BENCH_QUICK=1 makes a fast smoke run (small
// sizes, short timings; nothing is written); BENCH_NO_BUILD=1 reuses build/bench as it is.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const backends = require('../test/backends');
const { buildTable, checkTargets, renderResults } = require('./report');
const { switchDepthSvg } = require('./chart');
const { buildBabel } = require('./babel');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build', 'bench');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const PYTHON = '/usr/bin/python3'; // Debian's, where python3-greenlet installs; not a pyenv shim
const quick = !!process.env.BENCH_QUICK;
const sizes = quick ? { items: 30_000, memory: 20_000, memoryCps: 50_000, native: 2_000 } : {
  items: 1_000_000,
  memory: 100_000,
  memoryCps: 1_000_000,
  // Each suspended native greenlet is a thread with two memory mappings; vm.max_map_count
  // (65,530 by default) caps them near 32k, so measure a count that fits with room to spare.
  native: 25_000,
};
const env = { ...process.env, BENCH_ITEMS: String(sizes.items) };

function build() {
  // `npm run build` links node_modules/greenlet-ts to this checkout (so bench/tsconfig.json names
  // the transformer as a user's project does) and builds the package, the hub included.
  const npm = process.env.npm_execpath;
  for (const [cmd, args] of [
    npm ? [process.execPath, [npm, 'run', '--silent', 'build']] : ['npm', ['run', '--silent', 'build']],
    [bin('tspc'), ['-p', 'bench/tsconfig.json']],
  ]) {
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
      process.exit(1);
    }
  }  // The same bench files built by the second build path, for the parser's Babel row.
  buildBabel();
}

/**
 * Runs one bench child; returns { figures: {name: record}, error? }. A child that fails is
 * reported in the table (its rows say why) rather than ending the whole run.
 */
function child(label, cmd, args, extraEnv = {}) {
  process.stderr.write(`bench: ${label}…\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    maxBuffer: 64 << 20,
    timeout: 240_000,
  });
  const figures = {};
  for (const line of (r.stdout || '').split('\n')) {
    if (!line.startsWith('{')) continue;
    const record = JSON.parse(line);
    figures[record.bench] = record;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0 || r.error) {
    const why = r.error ? r.error.message : firstError(r.stderr) || `exit ${r.status ?? r.signal}`;
    process.stderr.write(`bench: ${label} failed after ${seconds} s: ${why}\n`);
    return { figures, error: why };
  }
  process.stderr.write(`bench: ${label} done in ${seconds} s\n`);
  return { figures };
}

/** The error line of a child's stderr ("TypeError: …"), else its last line. */
function firstError(stderr) {
  const lines = (stderr || '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^\w*(Error|Exception)\b/.test(l)) || lines.pop();
}

const node = (script, nodeArgs = [], dir = out) => [process.execPath, ['--expose-gc', ...nodeArgs, path.join(dir, script)]];
const babelOut = path.join(root, 'build', 'bench-babel');

function pythonStatus() {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import greenlet'], { encoding: 'utf8' });
  if (r.status !== 0) {
    return `${PYTHON} cannot import greenlet (${(r.stderr || '').trim().split('\n').pop()}); apt-get install python3-greenlet`;
  }
  return null;
}

/** The hub helper's workload, when present: bench/hub-sleep.ts, compiled next to the others. */
function hubSleepScript() {
  const compiled = path.join(out, 'hub-sleep.js');
  return fs.existsSync(path.join(__dirname, 'hub-sleep.ts')) && fs.existsSync(compiled) ? compiled : null;
}

function machine() {
  const cpus = os.cpus();
  let distro = os.type();
  try {
    distro = /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync('/etc/os-release', 'utf8'))[1];
  } catch {}
  return {
    cpu: `${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${cpus.length} cores`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${distro}, Linux ${os.release()}`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/**
 * Asks for a higher scheduling priority (children inherit it), so that other work on a shared
 * machine disturbs the timings less; only root may, and elsewhere this quietly does nothing.
 */
function raisePriority() {
  try {
    os.setPriority(0, -15);
    return 'nice -15';
  } catch {
    return `nice ${os.getPriority(0)}`;
  }
}

function main() {
  const t0 = Date.now();
  const loadBefore = os.loadavg()[0];
  const priority = raisePriority();
  if (!process.env.BENCH_NO_BUILD) build();
  const available = backends.available();
  const missing = backends.missing();
  const runs = { backends: {}, memory: {}, missing, quick, sizes };

  // The plain-JavaScript baselines run in the cps child, each right before the cps figure it is
  // compared with (bench/workloads.ts), so that both sides of a ratio see the same load.
  for (const b of available) {
    runs.backends[b] = child(`workloads on ${b}`, ...node('workloads.js'), { GREENLET_BACKEND: b, BENCH_BASELINES: b === 'cps' ? '1' : '' });
  }
  runs.baseline = runs.backends.cps;
  // What a native switch costs at least: V8's lock handed between two threads, no JavaScript.
  if (available.includes('native')) {
    runs.floor = child("V8's lock hand-off alone", process.execPath, [path.join(__dirname, 'native', 'handoff.js'), '--json']);
  }
  const py = pythonStatus();
  runs.python = py ? { skipped: py } : child('workloads on Python greenlet', PYTHON, [path.join(__dirname, 'python', 'workloads.py')]);

  // Hot marked code with rare switches (issue 15): the parser, its JavaScript peers timed in the
  // cps child, the greenlet version on every backend from both builds, and on Python's greenlet.
  runs.parser = {};
  for (const b of available) {
    const [cmd, args] = node('parser.js');
    runs.parser[b] = child(`parser on ${b}`, cmd, b === 'cps' ? [...args, '--baselines'] : args, { GREENLET_BACKEND: b });
    const [bcmd, bargs] = node('parser.js', [], babelOut);
    runs.parser[`${b}-babel`] = child(`parser (Babel build) on ${b}`, bcmd, bargs, { GREENLET_BACKEND: b });
  }
  runs.parser.python = py ? { skipped: py } : child('parser on Python greenlet', PYTHON, [path.join(__dirname, 'python', 'parser.py')]);

  // Memory: a fresh process each, so the heap holds nothing but the parked greenlets.
  const big = ['--max-old-space-size=16384'];
  runMemory(runs, available, big, py);

  // The hub's gevent-style workload (issue 5), when its helper has added it: it prints a
  // `hub-sleep` figure; bench/python/gevent_sleep.py prints `hub-sleep-gevent`.
  const hub = hubSleepScript();
  runs.hub = {};
  if (hub) {
    for (const b of available) {
      // On native each of the 10,000 greenlets is an OS thread and one run takes tens of seconds
      // on this machine: that alone would double the run. BENCH_HUB_NATIVE=1 includes it.
      if (b === 'native' && !process.env.BENCH_HUB_NATIVE) {
        runs.hub[b] = { skipped: 'not run by default (10,000 OS threads, tens of seconds a run here); BENCH_HUB_NATIVE=1 runs it' };
        continue;
      }
      runs.hub[b] = child(`hub sleep on ${b}`, process.execPath, ['--expose-gc', hub], { GREENLET_BACKEND: b });
    }
    runs.gevent = geventRun();
  }

  // Everything measured, for a look or to re-render the report without re-running.
  fs.writeFileSync(path.join(out, 'runs.json'), JSON.stringify(runs, null, 1));
  const info = machine();
  // Other processes on the machine widen the spreads: say how busy it was.
  info.load = `1-minute load average ${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end (${os.cpus().length} cores; bench processes at ${priority})`;
  if (!py) info.python = describePython(runs.python);
  const table = buildTable(runs);
  const targets = checkTargets(runs);
  console.log(`\n${info.date}; Node.js ${info.node}; ${info.cpu}; ${info.load}\n`);
  console.log(table.markdown + '\n');
  for (const note of table.notes) console.log(`- ${note}`);
  console.log('\nTargets (issues 4 and 15), from the figures above:');
  for (const t of targets) console.log(`  ${t.met === null ? 'n/a ' : t.met ? 'met ' : 'MISS'}  ${t.figure}: ${t.value} ${t.target.startsWith('(') ? t.target : `(target ${t.target})`}`);
  const seconds = Math.round((Date.now() - t0) / 1000);
  console.log(`\nbench took ${seconds} s`);
  if (quick) {
    console.log('(BENCH_QUICK: small sizes, short timings; RESULTS.md and the chart were not written)');
    return;
  }
  const svg = switchDepthSvg(runs);
  fs.writeFileSync(path.join(__dirname, 'switch-depth.svg'), svg);
  const resultsPath = path.join(__dirname, 'RESULTS.md');
  const previous = fs.existsSync(resultsPath) ? fs.readFileSync(resultsPath, 'utf8') : '';
  fs.writeFileSync(resultsPath, renderResults(previous, { info, table, targets, seconds }));
  console.log('wrote bench/RESULTS.md and bench/switch-depth.svg');
}

function runMemory(runs, available, big, py) {
  runs.memory = {};
  for (const b of available) {
    const counts = b === 'native' ? [sizes.native] : b === 'cps' ? [sizes.memory, sizes.memoryCps] : [sizes.memory];
    for (const count of counts) {
      const [cmd, args] = node('memory.js', big);
      runs.memory[`${b}@${count}`] = child(`memory on ${b}, ${count} greenlets`, cmd, [...args, String(count), '10'], { GREENLET_BACKEND: b });
    }
  }
  if (!py) {
    runs.memory[`python@${sizes.memory}`] = child(`memory on Python greenlet, ${sizes.memory} greenlets`, PYTHON, [
      path.join(__dirname, 'python', 'memory.py'),
      String(sizes.memory),
      '10',
    ]);
  }
}

/** gevent's side of the hub workload (bench/python/gevent_sleep.py, from the hub's helper). */
function geventRun() {
  const script = path.join(__dirname, 'python', 'gevent_sleep.py');
  if (!fs.existsSync(script)) return { skipped: 'bench/python/gevent_sleep.py is not there' };
  if (!fs.existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, ['-c', 'import gevent'], { encoding: 'utf8' });
  if (r.status !== 0) return { skipped: `${PYTHON} cannot import gevent; apt-get install python3-gevent` };
  return child('gevent sleep on Python', PYTHON, [script]);
}

function describePython(run) {
  const p = run.figures && run.figures.python;
  return p ? `Python ${p.version} (${PYTHON}), greenlet ${p.greenlet}` : PYTHON;
}

main();
