/**
 * The gevent-style hub workload (issue 5): 10,000 greenlets each doing sleep(0) ten times,
 * spawned and joined. Prints the median of several runs in ms, then one JSON line for
 * bench/run.js. Compare: bench/python/gevent_sleep.py. Usage: node build/bench/hub-sleep.js [greenlets] [runs]
 * Also prints the median CPU time of the process per run (user + system, GC threads included):
 * on a busy machine it varies less than the wall-clock time.
 */
import { backend } from 'greenlet-ts';
import { joinAll, sleep, spawn, type Spawned } from 'greenlet-ts/hub';
import { report } from './measure';

const GREENLETS = Number(process.argv[2] ?? 10_000);
const SLEEPS = 10;
const RUNS = Number(process.argv[3] ?? (process.env.BENCH_QUICK ? 3 : 15));
const BUDGET_MS = 20_000;

/** @greenlet */
function worker(): void {
  for (let i = 0; i < SLEEPS; i++) sleep(0);
}

const cpuSamples: number[] = [];
async function once(): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const workers: Spawned<void>[] = [];
  for (let i = 0; i < GREENLETS; i++) workers.push(spawn(worker));
  await spawn(/** @greenlet */ () => joinAll(workers)).promise;
  const c = process.cpuUsage(c0);
  cpuSamples.push((c.user + c.system) / 1000);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  // No forced gc() between runs (bench/run.js passes --expose-gc): a full collection before
  // each run shrinks the young generation, and every run then pays to grow it again, which
  // tripled the time here. gevent_sleep.py does not collect between runs either.
  await once(); // warm-up
  const samples: number[] = [];
  // At most RUNS samples, and no more than BUDGET_MS of them once three are in: a slow backend
  // (native hands the isolate between threads at every switch) must not hold up the bench.
  const started = Date.now();
  for (let i = 0; i < RUNS && (i < 3 || Date.now() - started < BUDGET_MS); i++) {
    samples.push(await once());
  }
  samples.sort((a, b) => a - b);
  cpuSamples.shift(); // the warm-up's
  cpuSamples.sort((a, b) => a - b);
  const cpu = cpuSamples[cpuSamples.length >> 1]!;
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const median = at(0.5);
  console.log(
    `hub on ${backend}: ${GREENLETS} greenlets x ${SLEEPS} sleep(0): median ${median.toFixed(1)} ms ` +
      `(p25 ${at(0.25).toFixed(1)}, p75 ${at(0.75).toFixed(1)}, ${samples.length} runs); CPU time median ${cpu.toFixed(1)} ms`,
  );
  report('hub-sleep', { median, p25: at(0.25), p75: at(0.75), unit: 'ms', samples: samples.length, cpu, greenlets: GREENLETS, sleeps: SLEEPS });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
