/**
 * Create-run-finish cycles: each greenlet starts (a thread is created), switches to main
 * once, and finishes. Thread count and RSS are sampled along the way (after a full GC when
 * run with --expose-gc). Prints one JSON line. Usage: node [--expose-gc] cycles.js [cycles]
 */
import * as fs from 'node:fs';
import { Greenlet, getcurrent } from 'greenlet-ts';

declare const gc: (() => void) | undefined;
const CYCLES = Number(process.argv[2] ?? 20_000);
const threads = (): number => fs.readdirSync('/proc/self/task').length;
const main = getcurrent();
const samples: { cycle: number; threads: number; rssMiB: number }[] = [];

function sample(cycle: number): void {
  if (typeof gc === 'function') gc(); // garbage not yet collected is not growth
  samples.push({ cycle, threads: threads(), rssMiB: Math.round((process.memoryUsage.rss() / 2 ** 20) * 10) / 10 });
}

async function run(): Promise<void> {
  const started = process.hrtime.bigint();
  let sum = 0;
  for (let i = 0; i < CYCLES; i++) {
    // A WeakRef's target lives until the current job ends (collect.ts holds each suspended
    // greenlet's shell in one), so a program that never yields would keep them all.
    if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (i % (CYCLES / 10) === 0) sample(i);
    const g = new Greenlet((x: number) => {
      const back: number = main.switch(x + 1);
      return back * 2;
    });
    sum += g.switch(i) as number;
    sum += g.switch(1) as number;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sample(CYCLES);
  const expected = (CYCLES * (CYCLES - 1)) / 2 + CYCLES + 2 * CYCLES;
  console.log(JSON.stringify({ cycles: CYCLES, ok: sum === expected, usPerCycle: (seconds * 1e6) / CYCLES, samples }));
}

void run();
