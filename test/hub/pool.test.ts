// greenlet-ts/hub: Group and Pool (gevent.pool) (issue 17).
import { strict as assert } from 'node:assert';
import { GreenletError, GreenletExit } from 'greenlet-ts';
import { Group, Pool, sleep, spawn, Timeout, withTimeout } from 'greenlet-ts/hub';

class Boom extends Error {}
const turn = () => new Promise((r) => setImmediate(r));

describe('hub: Pool and Group', () => {
  it('Pool(n).spawn() waits for a free place: at most n run at once', async () => {
    const pool = new Pool(2);
    let running = 0;
    let most = 0;
    const work = /** @greenlet */ (ms: number) => {
      running++;
      most = Math.max(most, running);
      sleep(ms);
      running--;
      return ms;
    };
    const boss = spawn(/** @greenlet */ () => {
      const log: number[] = [];
      for (const ms of [3, 1, 2, 1, 1]) {
        pool.spawn(work, ms);
        log.push(pool.length);
      }
      assert.ok(pool.length <= 2);
      assert.equal(pool.join(), true);
      return [log.every((n) => n <= 2), pool.length, pool.freeCount()];
    });
    assert.deepEqual(await boss.promise, [true, 0, 2]);
    assert.equal(most, 2);
  });

  it('map() returns values in the order of the items; imap() iterates them in order, imapUnordered() as they finish', async () => {
    const pool = new Pool(3);
    const delayed = /** @greenlet */ (ms: number) => (sleep(ms), ms * 10);
    const g = spawn(/** @greenlet */ () => {
      const mapped = pool.map(delayed, [5, 1, 3]);
      const ordered: number[] = [];
      const it = pool.imap(delayed, [5, 1, 3]);
      for (let r = it.next(); !r.done; r = it.next()) ordered.push(r.value);
      const unordered: number[] = [];
      // Far apart, so that a loaded machine's late timers cannot swap them (9/1/5 ms did under qemu's load).
      const un = pool.imapUnordered(delayed, [200, 10, 100]);
      for (let r = un.next(); !r.done; r = un.next()) unordered.push(r.value);
      return [mapped, ordered, unordered];
    });
    assert.deepEqual(await g.promise, [
      [50, 10, 30],
      [50, 10, 30],
      [100, 1000, 2000],
    ]);
  });

  it('greenlets that fail: the error reaches map()/imap()/join(), and their places are freed', async () => {
    const pool = new Pool(2);
    const boom = new Boom('item 2');
    const work = /** @greenlet */ (n: number) => {
      sleep(1);
      if (n === 2) throw boom;
      return n;
    };
    const g = spawn(/** @greenlet */ () => {
      const out: unknown[] = [];
      try {
        pool.map(work, [1, 2, 3, 4]);
      } catch (e) {
        out.push(e === boom ? 'map threw' : e);
      }
      pool.join(); // the others finish
      out.push(pool.freeCount());
      const it = pool.imap(work, [1, 2, 3]);
      out.push(it.next().value);
      try {
        it.next();
      } catch (e) {
        out.push(e === boom ? 'imap threw' : e);
      }
      out.push(it.next().value);
      pool.spawn(work, 2);
      pool.spawn(work, 5);
      try {
        pool.join();
      } catch (e) {
        out.push(e === boom ? 'join threw' : e);
      }
      out.push(pool.join(), pool.freeCount());
      return out;
    });
    assert.deepEqual(await g.promise, ['map threw', 2, 1, 'imap threw', 3, 'join threw', true, 2]);
  });

  it("a member's error waits in the group for join(), even when it failed before join() was called", async () => {
    const group = new Group();
    const boom = new Boom('early');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const g = spawn(/** @greenlet */ () => {
        const failing = group.spawn(() => {
          throw boom;
        });
        // It fails meanwhile, and nobody is joining yet (a fixed sleep was too short under load).
        while (!failing.dead) sleep(1);
        const out: unknown[] = [failing.dead];
        try {
          group.join();
        } catch (e) {
          out.push(e === boom ? 'join threw' : e);
        }
        out.push(group.join()); // thrown once
        return out;
      });
      assert.deepEqual(await g.promise, [true, 'join threw', true]);
      await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(unhandled, [], 'the group reports it, not the process');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('breaking out of imap() stops spawning; the greenlets already running finish', async () => {
    const pool = new Pool(1);
    const started: number[] = [];
    const work = /** @greenlet */ (n: number) => {
      started.push(n);
      sleep(1);
      return n;
    };
    const g = spawn(/** @greenlet */ () => {
      const it = pool.imap(work, [1, 2, 3, 4, 5]);
      const first = it.next().value;
      it.return();
      pool.join();
      sleep(5);
      return first;
    });
    assert.equal(await g.promise, 1);
    assert.ok(started.length <= 2, `started ${started}`);
  });

  it('kill() kills every member, and a Group has no limit', async () => {
    const group = new Group();
    const sleeper = /** @greenlet */ () => sleep(60_000);
    const gs = Array.from({ length: 5 }, () => group.spawn(sleeper));
    assert.equal(group.length, 5);
    await turn();
    const killer = spawn(/** @greenlet */ () => {
      group.kill();
      return group.length;
    });
    assert.equal(await killer.promise, 0);
    for (const g of gs) assert.ok(g.value instanceof GreenletExit);
  });

  it('a spawn() waiting for a place takes part in withTimeout; on main a full pool is a GreenletError', async () => {
    const pool = new Pool(1);
    pool.spawn(/** @greenlet */ () => sleep(20));
    assert.ok(pool.full());
    assert.throws(() => pool.spawn(() => 0), GreenletError);
    const g = spawn(/** @greenlet */ () => {
      try {
        withTimeout(2, /** @greenlet */ () => pool.spawn(() => 'never'));
      } catch (e) {
        if (!(e instanceof Timeout)) throw e;
      }
      const before = pool.length;
      const free = pool.waitAvailable();
      return [before, free];
    });
    assert.deepEqual(await g.promise, [1, 1]);
    assert.throws(() => new Pool(0), RangeError);
  });
});
