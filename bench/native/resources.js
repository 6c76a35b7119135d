#!/usr/bin/env node
// What native greenlets cost in threads, memory, CPU and collector time. Run with --expose-gc:
//   node --expose-gc bench/native/resources.js cycles [n=1000000]   create-run-finish cycles: threads, RSS
//   node --expose-gc bench/native/resources.js idle [n=10000]       n suspended: CPU over an idle second, RSS each
//   node --expose-gc bench/native/resources.js gc [n...=0 5000 10000 20000]  minor/full GC time with n suspended
//   node --expose-gc bench/native/resources.js capacity             suspend until thread creation fails
// (needs `npm run build` and the addon; runs with GREENLET_BACKEND=native).
'use strict';
process.env.GREENLET_BACKEND = 'native';
const fs = require('node:fs');
const path = require('node:path');
const { Greenlet, getcurrent } = require(path.resolve(__dirname, '..', '..'));

const main = getcurrent();
const threads = () => fs.readdirSync('/proc/self/task').length;
const rssMiB = () => process.memoryUsage.rss() / 2 ** 20;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const [mode = 'cycles', ...args] = process.argv.slice(2);

function suspend(n, into = []) {
  for (let i = 0; i < n; i++) {
    const g = new Greenlet(() => {
      const held = { i, list: [i, i + 1] };
      main.switch();
      return held;
    });
    g.switch();
    into.push(g);
  }
  return into;
}

function timeGc(type, rounds = 5) {
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    gc(type === 'minor' ? { type: 'minor' } : undefined);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[rounds >> 1];
}

async function cycles(n) {
  const t0 = process.hrtime.bigint();
  let sum = 0;
  const rows = [];
  for (let i = 0; i <= n; i++) {
    if (i % 1000 === 0) await tick(); // WeakRef targets live until the job ends
    if (i % (n / 10) === 0) {
      gc();
      rows.push({ cycle: i, threads: threads(), rssMiB: +rssMiB().toFixed(1), seconds: +(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1) });
      console.log(JSON.stringify(rows[rows.length - 1]));
    }
    if (i === n) break;
    const g = new Greenlet((x) => main.switch(x) + 1);
    sum += g.switch(i);
    sum += g.switch(1);
  }
  const ok = sum === (n * (n - 1)) / 2 + 2 * n;
  console.log(`${n} cycles: values ${ok ? 'ok' : 'WRONG'}, ${((Number(process.hrtime.bigint() - t0) / 1e3) / n).toFixed(1)} µs per cycle`);
}

async function idle(n) {
  const base = rssMiB();
  const baseThreads = threads();
  const kept = suspend(n);
  await new Promise((r) => setTimeout(r, 200));
  gc();
  const cpu = process.cpuUsage();
  await new Promise((r) => setTimeout(r, 1000));
  const used = process.cpuUsage(cpu);
  const perGreenlet = ((rssMiB() - base) * 1024) / n;
  console.log(
    `${n} suspended: ${threads() - baseThreads} threads, CPU in an idle second ${((used.user + used.system) / 1000).toFixed(1)} ms, ` +
      `RSS +${(rssMiB() - base).toFixed(0)} MiB (${perGreenlet.toFixed(1)} KiB each)`,
  );
  return kept;
}

async function gcTimes(counts) {
  const kept = [];
  for (const n of counts) {
    suspend(n - kept.length, kept);
    await tick();
    console.log(`${String(kept.length).padStart(6)} suspended: minor GC ${timeGc('minor').toFixed(2)} ms, full GC ${timeGc('full').toFixed(2)} ms`);
  }
}

function capacity() {
  const kept = [];
  const t0 = Date.now();
  try {
    for (;;) {
      suspend(1000, kept);
      if (kept.length % 5000 === 0) console.log(`${kept.length} suspended, RSS ${rssMiB().toFixed(0)} MiB`);
    }
  } catch (e) {
    const count = kept.filter((g) => g.active).length;
    console.log(`${count} suspended when creation failed after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${e.name}: ${e.message}`);
    console.log(`vm.max_map_count ${fs.readFileSync('/proc/sys/vm/max_map_count', 'utf8').trim()}, RSS ${rssMiB().toFixed(0)} MiB`);
  }
}

if (typeof gc !== 'function') throw new Error('run with node --expose-gc');
if (mode === 'cycles') cycles(Number(args[0] ?? 1_000_000));
else if (mode === 'idle') idle(Number(args[0] ?? 10_000));
else if (mode === 'gc') gcTimes(args.length ? args.map(Number) : [0, 5000, 10000, 20000]);
else if (mode === 'capacity') capacity();
else throw new Error(`unknown mode ${mode}`);
