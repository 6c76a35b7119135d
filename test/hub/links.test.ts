// greenlet-ts/hub: g.link/linkValue/linkException, spawnLater, killAll (issue 17).
import { strict as assert } from 'node:assert';
import { getcurrent, GreenletExit } from 'greenlet-ts';
import { AsyncResult, Event, killAll, Queue, Semaphore, sleep, spawn, spawnLater, type Spawned } from 'greenlet-ts/hub';

const turn = () => new Promise((r) => setImmediate(r));

describe('hub: links', () => {
  it('run once each, in the order added, on main, after the greenlet died', async () => {
    const log: string[] = [];
    const g = spawn(/** @greenlet */ () => {
      sleep(1);
      log.push('body ends');
      return 7;
    });
    g.link((x) => log.push(`link 1 ${x === g} ${x.dead} ${getcurrent().parent === null}`));
    g.linkValue((x) => log.push(`value ${x.value}`));
    g.linkException(() => log.push('exception (never)'));
    g.link(() => log.push('link 2'));
    await g.promise;
    await turn();
    await turn();
    assert.deepEqual(log, ['body ends', 'link 1 true true true', 'value 7', 'link 2']);
  });

  it('run for a greenlet killed before it started, and when added after it died', async () => {
    const log: string[] = [];
    const g = spawn(() => log.push('never runs'));
    g.link(() => log.push('linked before'));
    g.kill();
    assert.ok(g.dead);
    g.linkValue((x) => log.push(`linked after: ${x.value instanceof GreenletExit}`));
    assert.deepEqual(log, [], 'links run later, from the run queue');
    await turn();
    assert.deepEqual(log, ['linked before', 'linked after: true']);
    await turn();
    assert.equal(log.length, 2, 'each only once');
  });

  it('linkException() runs for an error and counts as handling it; an AsyncResult can be linked', async () => {
    const boom = new Error('boom');
    const seen: unknown[] = [];
    const g = spawn(() => {
      throw boom;
    });
    g.linkException((x) => seen.push(x.error));
    g.linkValue(() => seen.push('value (never)'));
    const result = new AsyncResult<never>();
    g.link(result);
    const ok = spawn(() => 'fine');
    const okResult = new AsyncResult<string>();
    ok.link(okResult);
    await turn();
    await turn();
    assert.deepEqual(seen, [boom]);
    assert.equal(result.exception, boom);
    assert.equal(okResult.value, 'fine');
  });

  it('unlink() removes a link that has not run; a bad callback is a TypeError', async () => {
    const log: string[] = [];
    const g = spawn(() => 1);
    const cb = () => log.push('unlinked (never)');
    g.link(cb);
    g.link(() => log.push('kept'));
    g.unlink(cb);
    await g.promise;
    await turn();
    assert.deepEqual(log, ['kept']);
    assert.throws(() => g.link(42 as never), TypeError);
  });

  it("a link's error is thrown from the run queue (uncaught), and the next links still run", async () => {
    const log: string[] = [];
    const boom = new Error('from a link');
    const g = spawn(() => 1);
    g.link(() => {
      throw boom;
    });
    g.link(() => log.push('second'));
    // Mocha's own handler would fail the test: take the error ourselves for this one turn.
    const mochas = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    let caught: unknown;
    try {
      caught = await new Promise((resolve) => process.once('uncaughtException', resolve));
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const l of mochas) process.on('uncaughtException', l);
    }
    assert.equal(caught, boom);
    await turn();
    assert.deepEqual(log, ['second']);
  });
});

describe('hub: spawnLater', () => {
  it('starts the greenlet after the delay', async () => {
    const t0 = Date.now();
    const g = spawnLater(20, (a: number, b: number) => [a + b, Date.now() - t0], 1, 2);
    await turn();
    assert.ok(!g.started);
    const [sum, elapsed] = (await g.promise) as number[];
    assert.equal(sum, 3);
    assert.ok(elapsed! >= 19, `started after ${elapsed} ms`);
  });

  it('killed before its time, it never runs and its timer is cleared', () => {
    const timers = () => process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    const before = timers();
    let ran = false;
    const g = spawnLater(60_000, () => (ran = true));
    assert.equal(timers(), before + 1);
    g.kill();
    assert.ok(g.dead && !ran);
    assert.ok(g.value instanceof GreenletExit);
    assert.equal(timers(), before, 'its timer would keep the process alive');
  });
});

describe('hub: killAll', () => {
  it('kills greenlets waiting on queues, semaphores, events and sleeps; from a greenlet it waits until they are dead', async () => {
    const q = new Queue<number>(1);
    q.put(0);
    const empty = new Queue<number>();
    const sem = new Semaphore(0);
    const ev = new Event();
    const cleaned: string[] = [];
    const waiter = /** @greenlet */ (name: string, wait: () => void) => {
      try {
        wait();
      } finally {
        cleaned.push(name);
      }
    };
    const gs: Spawned<void>[] = [
      spawn(waiter, 'put', /** @greenlet */ () => q.put(1)),
      spawn(waiter, 'get', /** @greenlet */ () => void empty.get()),
      spawn(waiter, 'acquire', /** @greenlet */ () => sem.acquire()),
      spawn(waiter, 'event', /** @greenlet */ () => void ev.wait()),
      spawn(waiter, 'sleep', /** @greenlet */ () => sleep(60_000)),
    ];
    const unstarted = spawnLater(50, () => cleaned.push('unstarted ran'));
    await turn();
    const killer = spawn(/** @greenlet */ () => {
      killAll([...gs, unstarted]);
      return gs.map((g) => g.dead);
    });
    assert.deepEqual(await killer.promise, [true, true, true, true, true]);
    assert.deepEqual(cleaned.sort(), ['acquire', 'event', 'get', 'put', 'sleep']);
    assert.ok(unstarted.dead);
    for (const g of gs) assert.ok(g.value instanceof GreenletExit);
    // Nothing was taken by the dead: the queue still holds its item, the semaphore gives its permit to a newcomer.
    assert.equal(q.size, 1);
    sem.release();
    const next = spawn(/** @greenlet */ () => (sem.acquire(), 'acquired'));
    assert.equal(await next.promise, 'acquired');
  });

  it('from main kills at once; block: false returns before they are dead; a list with the caller kills it last', async () => {
    const a = spawn(/** @greenlet */ () => sleep(60_000));
    const b = spawn(/** @greenlet */ () => sleep(60_000));
    await turn();
    killAll([a]);
    assert.ok(a.dead);
    const log: string[] = [];
    const self: Spawned<void> = spawn(/** @greenlet */ () => {
      killAll([b], { block: false });
      log.push(`b dead at once: ${b.dead}`);
      try {
        killAll([b, self]);
      } catch (e) {
        log.push(`${e instanceof GreenletExit} ${b.dead}`);
        throw e;
      }
    });
    await self.promise;
    assert.deepEqual(log, ['b dead at once: false', 'true true']);
    assert.ok(self.value instanceof GreenletExit);
  });
});
