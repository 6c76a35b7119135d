/**
 * RSS per suspended greenlet: `node --expose-gc build/bench/memory.js COUNT DEPTH` creates
 * COUNT greenlets, each suspended DEPTH marked frames deep, in CHUNKS equal chunks, and reads
 * the process's RSS after a collection before the first and after every chunk. Prints one
 * JSON line: the per-greenlet growth of each chunk (median and quartiles) and of the whole run.
 * Run in a fresh process per backend (bench/run.js), so nothing else is on the heap.
 */
import { Greenlet, getcurrent, backend } from 'greenlet-ts';
import { report } from './measure';

const CHUNKS = 10;
const main = getcurrent();

/** Goes `depth - 1` marked calls deeper and parks there, switching back to main. */
/** @greenlet */
function park(depth: number): unknown {
  if (depth > 1) return park(depth - 1);
  return main.switch();
}

/**
 * A full collection, or a minor one (`young`): the garbage of parking a greenlet (argument
 * arrays, iterator results) dies young, so between chunks a scavenge leaves only what is held,
 * at a fraction of a full collection's cost on a heap of a million parked greenlets.
 */
function collect(young = false): void {
  const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc(young ? { type: 'minor' } : undefined);
}

function quartiles(values: number[]): { median: number; p25: number; p75: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.round(q * (v.length - 1))]!;
  return { median: at(0.5), p25: at(0.25), p75: at(0.75) };
}

function main_(): void {
  const count = Number(process.argv[2]);
  const depth = Number(process.argv[3] ?? 10);
  if (!(count >= CHUNKS) || !(depth >= 1)) throw new Error('usage: memory.js COUNT DEPTH');
  const chunk = Math.floor(count / CHUNKS);
  const held: Greenlet[] = [];
  // Warm up (JIT, first allocations) before the baseline reading.
  for (let i = 0; i < 100; i++) new Greenlet(park).switch(depth);
  collect();
  const start = process.memoryUsage();
  let previous = start.rss;
  const perChunk: number[] = [];
  const started = Date.now();
  for (let c = 0; c < CHUNKS; c++) {
    for (let i = 0; i < chunk; i++) {
      const g = new Greenlet(park);
      g.switch(depth);
      held.push(g);
    }
    collect(true);
    const rss = process.memoryUsage().rss;
    perChunk.push((rss - previous) / chunk);
    previous = rss;
  }
  collect();
  const end = process.memoryUsage();
  const n = chunk * CHUNKS;
  if (!held.every((g) => g.active)) throw new Error('a parked greenlet is not suspended');
  report('memory', {
    backend,
    count: n,
    depth,
    unit: 'bytes',
    ...quartiles(perChunk),
    samples: CHUNKS,
    overall: (end.rss - start.rss) / n,
    heapPerGreenlet: (end.heapUsed - start.heapUsed) / n,
    seconds: (Date.now() - started) / 1000,
  });
}

main_();
