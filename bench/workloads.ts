/**
 * The timed greenlet workloads, run once per backend by bench/run.js in a child process with
 * GREENLET_BACKEND set. Compiled with the greenlet-ts transformer (bench/tsconfig.json), so
 * the marked functions below get their cps twins exactly as a user's code would.
 * Prints one JSON line per figure (see measure.ts).
 */
import { Greenlet, getcurrent, backend } from 'greenlet-ts';
import { report, timeit } from './measure';
import { DEPTHS, ITEMS, K, PIPELINE_SECONDS } from './config';
import { generatorPipeline, generatorSwitch, plainCall } from './baselines';
const END = Symbol('end');

const main = getcurrent();

interface Pair {
  a: Greenlet;
  b: Greenlet;
}

/** Goes `depth - 1` marked calls deeper, then runs its side of the ping-pong there. */
/** @greenlet */
function descend(depth: number, pair: Pair, isA: boolean): number {
  if (depth > 1) return descend(depth - 1, pair, isA);
  return isA ? pingA(pair) : pingB(pair);
}

/** A: waits for a count n from main, plays n round trips with B, reports to main, again. */
/** @greenlet */
function pingA(pair: Pair): number {
  let x = 0;
  for (;;) {
    const n = main.switch(x) as number;
    for (let i = 0; i < n; i++) x = pair.b.switch(x + 1) as number;
  }
}

/** B: answers every number with the next one. */
/** @greenlet */
function pingB(pair: Pair): number {
  let x = main.switch() as number;
  for (;;) x = pair.a.switch(x + 1) as number;
}

/** Two greenlets, each suspended `depth` marked frames deep, ready to ping-pong. */
function pingPair(depth: number): Pair {
  // The run functions are marked and get their arguments from the first switch.
  const pair: Pair = { a: new Greenlet(descend), b: new Greenlet(descend) };
  pair.a.switch(depth, pair, true);
  pair.b.switch(depth, pair, false);
  return pair;
}

/** ns per switch between two greenlets both `depth` marked frames deep (2K+2 switches a call). */
async function pingPong(depth: number) {
  const pair = pingPair(depth);
  const f = await timeit(() => pair.a.switch(K), 2 * K + 2);
  // Let the pair be collected without GreenletExit work landing in the next figure.
  pair.a.throw();
  pair.b.throw();
  return f;
}

/**
 * Marked, as a greenlet's function would be; it cannot suspend, so the transformer leaves it
 * without a twin and cps calls it plainly — the cheapest start there is, and a common one.
 * @greenlet
 */
function returnAtOnce(): number {
  return 1;
}

/**
 * Can suspend (the switch is on a path never taken here), so it has a twin and calls of it are
 * suspension points. A marked function that can never suspend is called plainly by the
 * transformer (within one file): that case costs nothing.
 * @greenlet
 */
function leaf(i: number): number {
  if (i < 0) main.switch();
  return (i * 2 + 1) | 0;
}

/** A marked function calling a marked function, K times, with no switch. */
/** @greenlet */
function markedLoop(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s = (s + leaf(i)) | 0;
  return s;
}

/** The same as leaf, unmarked. */
function plainLeaf(i: number): number {
  if (i < 0) main.switch();
  return (i * 2 + 1) | 0;
}

/** The same loop, unmarked. */
function plainLoop(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s = (s + plainLeaf(i)) | 0;
  return s;
}

/** A greenlet that runs `loop(n)` for every n main sends it: the calls happen inside a greenlet. */
function loopRunner(loop: (n: number) => number): Greenlet {
  const g = new Greenlet(serveLoop);
  g.switch(loop, 1);
  return g;
}

/** @greenlet */
function serveLoop(loop: (n: number) => number, n: number): number {
  for (;;) n = main.switch(loop(n)) as number;
}

/** producer → filter → consumer, each a greenlet; the filter keeps the items not divisible by 3. */
/** @greenlet */
function produce(sink: { g: Greenlet }, n: number): symbol {
  for (let i = 0; i < n; i++) sink.g.switch(i);
  return END; // to its parent, the filter
}

/** @greenlet */
function filter(source: Greenlet, sink: { g: Greenlet }): symbol {
  for (;;) {
    const x = source.switch() as number | symbol;
    if (x === END) return END; // to its parent, the consumer
    if ((x as number) % 3 !== 0) sink.g.switch(x);
  }
}

/** @greenlet */
function consume(source: Greenlet): number {
  let sum = 0;
  for (;;) {
    const x = source.switch() as number | symbol;
    if (x === END) return sum;
    sum += x as number;
  }
}

function pipeline(n: number): number {
  /** @greenlet */
  const runConsumer = (): number => consume(filterG);
  /** @greenlet */
  const runFilter = (): symbol => filter(producer, toConsumer);
  /** @greenlet */
  const runProducer = (): symbol => produce(toFilter, n);
  const consumer = new Greenlet(runConsumer);
  const toConsumer = { g: consumer };
  // Each stage returns END to the next one down the chain: that is its parent.
  const filterG: Greenlet = new Greenlet(runFilter, consumer);
  const toFilter = { g: filterG };
  const producer: Greenlet = new Greenlet(runProducer, filterG);
  return consumer.switch() as number;
}

function checkPipeline(n: number): void {
  let expected = 0;
  for (let i = 0; i < n; i++) if (i % 3 !== 0) expected += i;
  const sum = pipeline(n);
  if (sum !== expected) throw new Error(`the pipeline computed ${sum}, expected ${expected}`);
}

async function runAll(): Promise<void> {
  report('backend', { name: backend });
  // With BENCH_BASELINES=1 (bench/run.js sets it for the cps child) each plain-JavaScript
  // baseline is timed right before the figure it is compared with.
  const baselines = !!process.env.BENCH_BASELINES;
  for (const depth of DEPTHS) {
    if (baselines) report(`generator-switch@${depth}`, await generatorSwitch(depth));
    report(`switch@${depth}`, await pingPong(depth));
  }

  report('create-run-finish', await timeit(() => new Greenlet(returnAtOnce).switch(), 1));

  const marked = loopRunner(markedLoop);
  const plain = loopRunner(plainLoop);
  if (baselines) report('plain-call', await plainCall());
  report('marked-call', await timeit(() => marked.switch(K), K));
  report('unmarked-call', await timeit(() => plain.switch(K), K));
  marked.throw();
  plain.throw();

  // A backend slow enough that a million items would take over PIPELINE_SECONDS a call passes
  // fewer (the figure says how many), to keep `npm run bench` within its time budget.
  const probe = 20_000;
  let perItem = Infinity;
  // Timed warm: a cold first run would overstate the cost per item several times.
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    checkPipeline(probe);
    perItem = Math.min(perItem, Number(process.hrtime.bigint() - t0) / probe);
  }
  const items = Math.min(ITEMS, Math.max(probe, Math.floor((PIPELINE_SECONDS * 1e9) / perItem / probe) * probe));
  checkPipeline(items);
  if (baselines) report('generator-pipeline', await generatorPipeline());
  report('pipeline', { ...(await timeit(() => pipeline(items), items, 5)), items });
}

runAll().catch((error) => {
  console.error(error);
  process.exit(1);
});
