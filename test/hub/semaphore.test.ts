// greenlet-ts/hub: Semaphore (gevent.lock.Semaphore).
import { strict as assert } from 'node:assert';
import { GreenletError } from 'greenlet-ts';
import { Semaphore, sleep, spawn, Timeout, withTimeout } from 'greenlet-ts/hub';

describe('hub: Semaphore', () => {
  it('lets at most N greenlets past acquire() at once', async () => {
    const sem = new Semaphore(2);
    let inside = 0;
    let most = 0;
    const worker = /** @greenlet */ () => {
      sem.acquire();
      inside++;
      most = Math.max(most, inside);
      sleep(2);
      inside--;
      sem.release();
    };
    await Promise.all(Array.from({ length: 6 }, () => spawn(worker).promise));
    assert.equal(most, 2);
    assert.equal(sem.available, 2);
  });

  it('hands permits to waiters in the order they came', async () => {
    const sem = new Semaphore(0);
    const order: string[] = [];
    const waiter = /** @greenlet */ (name: string) => {
      sem.acquire();
      order.push(name);
    };
    const gs = ['a', 'b', 'c'].map((name) => spawn(waiter, name));
    await new Promise((r) => setTimeout(r, 2)); // all three are waiting
    assert.ok(sem.locked());
    sem.release();
    sem.release();
    sem.release();
    await Promise.all(gs.map((g) => g.promise));
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.equal(sem.available, 0);
  });

  it('a waiter that times out stops waiting; the next release goes to the one after it', async () => {
    const sem = new Semaphore(0);
    const impatient = spawn(/** @greenlet */ () => {
      try {
        withTimeout(2, /** @greenlet */ () => sem.acquire());
        return 'acquired';
      } catch (e) {
        return e instanceof Timeout ? 'timed out' : e;
      }
    });
    const patient = spawn(/** @greenlet */ () => (sem.acquire(), 'acquired'));
    assert.equal(await impatient.promise, 'timed out');
    sem.release();
    assert.equal(await patient.promise, 'acquired');
    assert.equal(sem.available, 0);
  });

  it('a waiter killed after release() chose it passes the permit on', async () => {
    const sem = new Semaphore(0);
    const first = spawn(/** @greenlet */ () => (sem.acquire(), 'first'));
    const second = spawn(/** @greenlet */ () => (sem.acquire(), 'second'));
    await new Promise((r) => setTimeout(r, 2)); // both wait
    sem.release(); // chooses `first`, which runs at the next turn…
    first.kill(); // …but is killed before it does
    assert.ok(first.dead);
    assert.equal(await second.promise, 'second');
    assert.equal(sem.available, 0);
  });

  it('withPermit() releases however fn ends', async () => {
    const sem = new Semaphore(1);
    const g = spawn(/** @greenlet */ () => {
      const value = sem.withPermit(/** @greenlet */ () => (sleep(1), 7));
      try {
        sem.withPermit(() => {
          throw new Error('inside');
        });
      } catch {}
      return [value, sem.available];
    });
    assert.deepEqual(await g.promise, [7, 1]);
  });

  it('on the main greenlet: a free permit is taken, none free is a GreenletError; bad values are RangeErrors', () => {
    const sem = new Semaphore(1);
    sem.acquire();
    assert.ok(sem.locked());
    assert.throws(() => sem.acquire(), GreenletError);
    sem.release();
    assert.equal(sem.available, 1);
    assert.throws(() => new Semaphore(-1), RangeError);
    assert.throws(() => new Semaphore(1.5), RangeError);
  });
});
