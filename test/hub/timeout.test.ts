// greenlet-ts/hub: withTimeout() and Timeout, as gevent's with_timeout / Timeout.
import { strict as assert } from 'node:assert';
import { GreenletError } from 'greenlet-ts';
import { Event, Queue, sleep, spawn, Timeout, wait, withTimeout } from 'greenlet-ts/hub';

/** A promise that never settles: only a deadline ends a wait for it. */
const never = () => new Promise<never>(() => {});

describe('hub: withTimeout', () => {
  it('throws a Timeout at the wait going on when the deadline passes; the greenlet goes on', async () => {
    const g = spawn(/** @greenlet */ () => {
      const log: unknown[] = [];
      try {
        withTimeout(5, /** @greenlet */ () => {
          log.push('waiting');
          wait(never());
          log.push('never here');
        });
      } catch (e) {
        log.push(e instanceof Timeout ? `Timeout ${(e as Timeout).ms}` : e);
      }
      sleep(1); // still a working greenlet
      log.push('after');
      return log;
    });
    assert.deepEqual(await g.promise, ['waiting', 'Timeout 5', 'after']);
  });

  it('returns what fn returns when it is in time, and its timer is gone', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const g = spawn(/** @greenlet */ () => {
      const before = timers();
      const value = withTimeout(10_000, /** @greenlet */ () => (sleep(1), 'in time'));
      // The deadline's timer is cleared as fn returns: only a timer left behind would count.
      return [value, timers() - before];
    });
    assert.deepEqual(await g.promise, ['in time', 0]);
  });

  it('a greenlet running when the deadline passes gets the Timeout at a later wait, once', async () => {
    const g = spawn(/** @greenlet */ () => {
      let timeouts = 0;
      withTimeout(
        1,
        /** @greenlet */ () => {
          const until = Date.now() + 20;
          while (Date.now() < until); // busy past the deadline: its timer cannot run meanwhile
          for (let i = 0; i < 4; i++) {
            try {
              sleep(0);
            } catch (e) {
              if (!(e instanceof Timeout)) throw e;
              timeouts++;
            }
          }
        },
      );
      return timeouts;
    });
    assert.equal(await g.promise, 1);
  });

  it('a timed-out Queue.get leaves the item for the next getter', async () => {
    const q = new Queue<string>();
    const impatient = spawn(/** @greenlet */ () => {
      try {
        return withTimeout(5, /** @greenlet */ () => q.get());
      } catch (e) {
        return e instanceof Timeout ? 'timed out' : e;
      }
    });
    const patient = spawn(/** @greenlet */ () => q.get());
    assert.equal(await impatient.promise, 'timed out');
    q.put('item');
    assert.equal(await patient.promise, 'item');
    assert.equal(q.size, 0);
  });

  it('nested: the inner deadline ends the inner call; the outer one still holds after it', async () => {
    const ev = new Event();
    const g = spawn(/** @greenlet */ () => {
      const log: string[] = [];
      try {
        withTimeout(40, /** @greenlet */ () => {
          try {
            withTimeout(5, /** @greenlet */ () => ev.wait());
          } catch (e) {
            log.push(e instanceof Timeout ? `inner ${(e as Timeout).ms}` : String(e));
          }
          wait(never());
        });
      } catch (e) {
        log.push(e instanceof Timeout ? `outer ${(e as Timeout).ms}` : String(e));
      }
      return log;
    });
    assert.deepEqual(await g.promise, ['inner 5', 'outer 40']);
  });

  it('a Timeout nobody catches ends the greenlet with it, like any error', async () => {
    const g = spawn(/** @greenlet */ () => withTimeout(1, /** @greenlet */ () => sleep(1000)));
    await assert.rejects(g.promise, (e) => e instanceof Timeout && e.message === 'timed out after 1 ms');
  });

  it('on the main greenlet, or with a bad ms, it says what is wrong', () => {
    assert.throws(() => withTimeout(5, () => 1), GreenletError);
    const g = spawn(/** @greenlet */ () => {
      try {
        withTimeout(-1, () => 1);
      } catch (e) {
        return e instanceof RangeError;
      }
      return false;
    });
    return g.promise.then((isRangeError) => assert.equal(isRangeError, true));
  });
});
