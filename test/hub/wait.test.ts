// greenlet-ts/hub: wait(promise) and sleep(ms) (issue 5).
import { strict as assert } from 'node:assert';
import { AsyncResource } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import { backend, GreenletError } from 'greenlet-ts';
import { sleep, spawn, wait } from 'greenlet-ts/hub';

class Boom extends Error {}

describe('hub: wait', () => {
  it('returns the value of the promise', async () => {
    const g = spawn(/** @greenlet */ () => {
      const text = wait(readFile(__filename, 'utf8'));
      const n = wait(new Promise<number>((r) => setTimeout(r, 1, 5)));
      return [text.includes('hub: wait'), n];
    });
    assert.deepEqual(await g.promise, [true, 5]);
  });

  it('throws the reason of a rejected promise, where it can be caught', async () => {
    const boom = new Boom();
    const g = spawn(/** @greenlet */ () => {
      try {
        wait(Promise.reject(boom));
      } catch (e) {
        return e;
      }
      return 'no error';
    });
    assert.equal(await g.promise, boom);
  });

  it('accepts plain values and thenables, like await', async () => {
    const thenable = { then: (ok: (v: string) => void) => setTimeout(ok, 1, 'from a thenable') } as unknown as PromiseLike<string>;
    const g = spawn(/** @greenlet */ () => [wait(3), wait(thenable)]);
    assert.deepEqual(await g.promise, [3, 'from a thenable']);
  });

  it('suspends only its greenlet: the event loop and other greenlets go on meanwhile', async () => {
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const waiter = spawn(/** @greenlet */ () => {
      log.push('waiter waits');
      wait(gate);
      log.push('waiter resumed');
    });
    const other = spawn(/** @greenlet */ () => {
      log.push('other runs');
      wait(new Promise((r) => setTimeout(r, 1)));
      log.push('other after its own wait');
      release();
    });
    await Promise.all([waiter.promise, other.promise]);
    assert.deepEqual(log, ['waiter waits', 'other runs', 'other after its own wait', 'waiter resumed']);
  });

  it('inside an async scope the greenlet opened is a GreenletError, not a crash', async () => {
    const g = spawn(/** @greenlet */ () => {
      try {
        new AsyncResource('scope').runInAsyncScope(
          /** @greenlet */ () => wait(new Promise((r) => setTimeout(r, 1))),
        );
      } catch (e) {
        return e;
      }
      return 'no error';
    });
    const e = await g.promise;
    assert.ok(e instanceof GreenletError, String(e));
    // and the greenlet still waits normally outside the scope
    const h = spawn(/** @greenlet */ () => wait(Promise.resolve('fine')));
    assert.equal(await h.promise, 'fine');
  });

  it('from the main greenlet is a GreenletError that says what to do', () => {
    assert.throws(
      () => wait(Promise.resolve(1)),
      (e: unknown) => e instanceof GreenletError && /main greenlet/.test((e as Error).message) && /spawn\(\)/.test((e as Error).message),
    );
  });

  if (backend === 'cps') {
    it('on cps, from an unmarked callback is a GreenletError naming the function to mark', async () => {
      function unmarkedCallback() {
        wait(Promise.resolve(1));
      }
      const g = spawn(/** @greenlet */ () => {
        try {
          [1].forEach(unmarkedCallback);
        } catch (e) {
          return e;
        }
        return 'no error';
      });
      const e = await g.promise;
      assert.ok(e instanceof GreenletError);
      assert.match((e as Error).message, /unmarkedCallback/);
    });
  }
});

describe('hub: sleep', () => {
  it('resumes after the timer, shorter sleeps first', async () => {
    const log: string[] = [];
    const a = spawn(/** @greenlet */ () => {
      sleep(30);
      log.push('a');
    });
    const b = spawn(/** @greenlet */ () => {
      sleep(1);
      log.push('b');
    });
    await Promise.all([a.promise, b.promise]);
    assert.deepEqual(log, ['b', 'a']);
  });

  it('sleep(0) lets the other ready greenlets run first', async () => {
    const log: string[] = [];
    const step = /** @greenlet */ (name: string) => {
      for (let i = 0; i < 3; i++) {
        log.push(`${name}${i}`);
        sleep(0);
      }
    };
    const a = spawn(step, 'a');
    const b = spawn(step, 'b');
    await Promise.all([a.promise, b.promise]);
    assert.deepEqual(log, ['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('sleep(0) lets pending I/O callbacks run', async () => {
    let ioDone = false;
    const g = spawn(/** @greenlet */ () => {
      const read = readFile(__filename).then(() => (ioDone = true));
      let turns = 0;
      while (!ioDone) {
        sleep(0);
        if (++turns > 100_000) throw new Error('sleep(0) never let the read finish');
      }
      wait(read);
      return 'read while yielding';
    });
    assert.equal(await g.promise, 'read while yielding');
  });

  it('rejects a negative or non-number duration with a RangeError', async () => {
    const g = spawn(/** @greenlet */ () => {
      const errors: unknown[] = [];
      for (const bad of [-1, NaN, '5' as unknown as number]) {
        try {
          sleep(bad);
        } catch (e) {
          errors.push(e instanceof RangeError);
        }
      }
      return errors;
    });
    assert.deepEqual(await g.promise, [true, true, true]);
  });

  it('from the main greenlet is a GreenletError', () => {
    assert.throws(() => sleep(1), GreenletError);
  });
});
