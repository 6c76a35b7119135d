/**
 * Timing for the bench children: mitata does the sampling and the statistics; this file only
 * scales its per-call samples to a per-operation figure and prints one JSON record per line,
 * which bench/run.js collects into the table.
 */
export interface Figure {
  /** Median per operation, with the quartiles of the samples as its spread. */
  median: number;
  p25: number;
  p75: number;
  unit: string;
  samples: number;
}

/** The part of mitata used here (it is an ES module; this file compiles to CommonJS). */
interface Mitata {
  measure(fn: () => unknown, opts: { min_cpu_time?: number; min_samples?: number }): Promise<{ p25: number; p50: number; p75: number; samples: number[] }>;
}
let mitata: Mitata | undefined;

/** Budget per figure; bench/run.js lowers it with BENCH_QUICK=1 for a smoke run. */
const cpuTimeNs = process.env.BENCH_QUICK ? 50e6 : 400e6;
const WARM_MS = process.env.BENCH_QUICK ? 20 : 150;

/**
 * Measures `fn`, which performs `ops` operations per call, and returns ns per operation.
 * `minSamples` keeps slow workloads (a million-item pipeline) within the run's time budget.
 */
export async function timeit(fn: () => unknown, ops: number, minSamples = 12): Promise<Figure> {
  mitata ??= (await import('mitata')) as Mitata;
  // Let the JIT settle first: mitata's own warm-up is a few calls, and a first figure taken
  // while the trampoline is still being optimized came out slower than deeper ones.
  const warmUntil = process.hrtime.bigint() + BigInt(WARM_MS * 1e6);
  // An async workload is awaited each time, as mitata does, not started thousands of times at once.
  do {
    const r = fn();
    if (r instanceof Promise) await r;
  } while (process.hrtime.bigint() < warmUntil);
  const s = await mitata.measure(fn, { min_cpu_time: cpuTimeNs, min_samples: minSamples });
  return { median: s.p50 / ops, p25: s.p25 / ops, p75: s.p75 / ops, unit: 'ns', samples: s.samples.length };
}

/**
 * Measures several workloads of `ops` operations each, interleaved: after a warm-up, rounds in
 * which each is timed once, in turn — a sample of as many calls as make it last about as long
 * as one call of the slowest — until every one has `cpuTimeNs` of samples (at least
 * `minSamples`). A burst of load on a busy machine then falls on all of them alike, so their
 * ratios hold better than those of figures taken one after another. ns per operation each.
 */
export async function timeInterleaved(fns: Record<string, () => unknown>, ops: number, minSamples = 12): Promise<Record<string, Figure>> {
  const names = Object.keys(fns);
  const once = async (name: string): Promise<number> => {
    const t = process.hrtime.bigint();
    const r = fns[name]!();
    if (r instanceof Promise) await r;
    return Number(process.hrtime.bigint() - t);
  };
  const last: Record<string, number> = {};
  const warmUntil = process.hrtime.bigint() + BigInt(WARM_MS * 1e6) * BigInt(names.length);
  do {
    for (const name of names) last[name] = await once(name);
  } while (process.hrtime.bigint() < warmUntil);
  const slowest = Math.max(...names.map((n) => last[n]!));
  const reps = Object.fromEntries(names.map((n) => [n, Math.max(1, Math.round(slowest / last[n]!))]));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const spent: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  while (names.some((n) => spent[n]! < cpuTimeNs || samples[n]!.length < minSamples)) {
    for (const name of names) {
      let ns = 0;
      for (let i = 0; i < reps[name]!; i++) ns += await once(name);
      samples[name]!.push(ns / reps[name]!);
      spent[name]! += ns;
    }
  }
  const figure = (xs: number[]): Figure => {
    const v = [...xs].sort((a, b) => a - b);
    const at = (q: number) => v[Math.round(q * (v.length - 1))]! / ops;
    return { median: at(0.5), p25: at(0.25), p75: at(0.75), unit: 'ns', samples: v.length };
  };
  return Object.fromEntries(names.map((n) => [n, figure(samples[n]!)]));
}

/** One result line for bench/run.js: `{"bench": name, ...figure}`. */
export function report(name: string, figure: Figure | { skipped: string } | Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: name, ...figure }) + '\n');
}
