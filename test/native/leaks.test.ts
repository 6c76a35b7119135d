/**
 * Nothing leaks on the native backend: a thread exists only for a started, unfinished
 * greenlet, or idle in the bounded pool kept for greenlets yet to start; abandoned ones are
 * ended by the collector; many cycles leave threads and RSS flat; idle suspended greenlets
 * and idle pooled threads use no CPU.
 */
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';
import { POOL_SIZE, describeRun, fillPool, nativeOnly, runChild, threadCount, threadsSettle } from './helpers';

/** Threads other parts of this process may start meanwhile (libuv's pool, V8's workers). */
const SLACK = 6;

describe('native: no leaks', function () {
  this.timeout(120_000);
  before(function () {
    nativeOnly(this);
  });

  it('unstarted greenlets hold no thread; started ones one each; dead ones none', async function () {
    const main = getcurrent();
    // With the pool full, the first POOL_SIZE greenlets to start reuse its threads and every
    // other one creates its own; once the event loop has run, the pool is back to its bound, so
    // dead ones add none.
    await fillPool();
    const base = threadCount();
    const unstarted = Array.from({ length: 200 }, () => new Greenlet(() => main.switch()));
    assert.ok(threadCount() <= base + SLACK, `${threadCount() - base} threads for 200 unstarted greenlets`);
    for (const g of unstarted.slice(0, 100)) g.switch();
    assert.ok(threadCount() >= base + 100 - POOL_SIZE, `${threadCount() - base} new threads for 100 suspended greenlets`);
    for (const g of unstarted.slice(0, 100)) assert.ok(g.throw() instanceof GreenletExit);
    // Finished outright, and thrown into before starting: no thread either.
    for (let i = 0; i < 100; i++) assert.equal(new Greenlet((x: number) => x * 2).switch(i), i * 2);
    for (const g of unstarted.slice(100)) g.throw();
    assert.ok(unstarted.every((g) => g.dead));
    const after = await threadsSettle(base + SLACK);
    assert.ok(after <= base + SLACK, `${after - base} threads left after every greenlet died`);
  });

  it('threads beyond the pool wait while JavaScript runs, are reused, and end when the event loop runs', async function () {
    // No thread ends while JavaScript runs (runtime-native/README.md, "Cancelled terminations").
    const main = getcurrent();
    await fillPool();
    const base = threadCount();
    const burst = (): Greenlet[] => {
      const greenlets = Array.from({ length: 3 * POOL_SIZE }, () => new Greenlet(() => main.switch()));
      for (const g of greenlets) g.switch();
      return greenlets;
    };
    const first = burst(); // POOL_SIZE reuse idle threads, 2 * POOL_SIZE are new
    for (const g of first) g.switch();
    assert.ok(first.every((g) => g.dead));
    const idle = threadCount();
    assert.ok(idle >= base + 2 * POOL_SIZE, `${idle - base} threads kept of ${2 * POOL_SIZE} beyond the pool`);
    const second = burst(); // every one reuses an idle thread
    assert.ok(threadCount() <= idle + SLACK, `${threadCount() - idle} threads created with ${3 * POOL_SIZE} idle`);
    for (const g of second) g.switch();
    const after = await threadsSettle(base + SLACK);
    assert.ok(after <= base + SLACK, `${after - base} threads left once the event loop ran`);
  });

  it('an unreachable suspended greenlet gets GreenletExit and its thread ends', async function () {
    const r = await runChild('unreachable', [], { execArgv: ['--expose-gc'] });
    assert.equal(r.code, 0, describeRun(r));
    const result = JSON.parse(r.stdout) as {
      suspended: number;
      pooled: number;
      exits: number;
      finallies: number;
      threadsLeft: number;
    };
    assert.ok(result.suspended >= 20, describeRun(r));
    assert.ok(result.pooled <= POOL_SIZE + 2, describeRun(r));
    assert.equal(result.exits, 20, describeRun(r));
    assert.equal(result.finallies, 20, describeRun(r));
    assert.ok(result.threadsLeft <= 2, describeRun(r));
  });

  it('20,000 create-run-finish cycles leave the thread count and RSS flat', async function () {
    const r = await runChild('cycles', ['20000'], { execArgv: ['--expose-gc'] });
    assert.equal(r.code, 0, describeRun(r));
    const result = JSON.parse(r.stdout) as { ok: boolean; samples: { threads: number; rssMiB: number }[] };
    assert.equal(result.ok, true, 'values passed through the cycles were wrong');
    const first = result.samples[1]!; // after the first tenth: warmed up
    const last = result.samples[result.samples.length - 1]!;
    const maxThreads = Math.max(...result.samples.map((s) => s.threads));
    assert.ok(maxThreads <= result.samples[0]!.threads + 3, `threads grew: ${r.stdout}`);
    // A leak of one V8 thread record or one stack per cycle would be hundreds of MiB.
    assert.ok(last.rssMiB - first.rssMiB < 40, `RSS grew: ${r.stdout}`);
  });

  it('10,000 idle suspended greenlets and a full pool of idle threads use next to no CPU', async function () {
    const r = await runChild('idle', ['10000']);
    assert.equal(r.code, 0, describeRun(r));
    const result = JSON.parse(r.stdout) as { threads: number; cpuMs: number };
    assert.ok(result.threads >= 10_000, describeRun(r));
    // Spinning even one of them would take the whole second.
    assert.ok(result.cpuMs < 150, `used ${result.cpuMs} ms of CPU in an idle second: ${r.stdout}`);
  });
});
