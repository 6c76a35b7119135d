/**
 * Plain-JavaScript baselines: two raw generators exchanging values through a trampoline (the
 * floor for a cps switch), the same at depth through `yield*` chains (what a stackless design
 * pays per level), a plain function call, and a generator pipeline. No greenlet-ts here.
 * bench/workloads.ts times each right before the cps figure it is compared with, in the same
 * process, so that a burst of load on the machine hits both sides of a ratio alike.
 */
import { report, timeit } from './measure';
import { DEPTHS, ITEMS, K } from './config';

type Gen = Generator<number, never, number>;

/** Answers every number with the next one, `depth - 1` `yield*` levels down. */
function* answer(depth: number): Gen {
  if (depth > 1) return yield* answer(depth - 1);
  let x = 0;
  for (;;) x = yield x + 1;
}

/** Two generators exchanging a number 2K times, driven by one trampoline loop. */
function pingPong(a: Gen, b: Gen, n: number): number {
  let current = a;
  let x = 0;
  for (let i = 0; i < 2 * n; i++) {
    x = current.next(x).value;
    current = current === a ? b : a;
  }
  return x;
}

function plainLeaf(i: number): number {
  return (i * 2 + 1) | 0;
}

function plainLoop(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s = (s + plainLeaf(i)) | 0;
  return s;
}

function* produce(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

function* filter(source: Iterable<number>): Generator<number> {
  for (const x of source) if (x % 3 !== 0) yield x;
}

function pipeline(n: number): number {
  let sum = 0;
  for (const x of filter(produce(n))) sum += x;
  return sum;
}

/** ns per switch of two generators `depth` `yield*` levels deep. */
export async function generatorSwitch(depth: number) {
  const a = answer(depth);
  const b = answer(depth);
  a.next(0);
  b.next(0);
  return timeit(() => pingPong(a, b, K), 2 * K);
}

export const plainCall = () => timeit(() => plainLoop(K), K);

export const generatorPipeline = (items = ITEMS) => timeit(() => pipeline(items), items, 5);

/** Standalone: `node build/bench/baselines.js` prints every baseline figure. */
async function runAll(): Promise<void> {
  for (const depth of DEPTHS) report(`generator-switch@${depth}`, await generatorSwitch(depth));
  report('plain-call', await plainCall());
  report('generator-pipeline', await generatorPipeline());
}

if (require.main === module) {
  runAll().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
