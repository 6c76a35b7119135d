// greenlet-ts/hub: AsyncResult (gevent.event.AsyncResult) (issue 17).
import { strict as assert } from 'node:assert';
import { GreenletError } from 'greenlet-ts';
import { AsyncResult, sleep, spawn, Timeout } from 'greenlet-ts/hub';

describe('hub: AsyncResult', () => {
  it('get() waits for set() and every waiter gets the value', async () => {
    const r = new AsyncResult<number>();
    assert.ok(!r.ready());
    const gs = [1, 2, 3].map(() => spawn(/** @greenlet */ () => r.get()));
    spawn(/** @greenlet */ () => {
      sleep(2);
      r.set(42);
    });
    assert.deepEqual(await Promise.all(gs.map((g) => g.promise)), [42, 42, 42]);
    assert.ok(r.ready() && r.successful());
    assert.equal(r.value, 42);
    assert.equal(r.get(), 42, 'main gets a ready result');
  });

  it('setException(): get() throws it, wait() returns undefined, successful() is false', async () => {
    const r = new AsyncResult<number>();
    const boom = new Error('boom');
    const getter = spawn(/** @greenlet */ () => {
      try {
        return r.get();
      } catch (e) {
        return e;
      }
    });
    const waiter = spawn(/** @greenlet */ () => r.wait());
    await new Promise((res) => setImmediate(res));
    r.setException(boom);
    assert.equal(await getter.promise, boom);
    assert.equal(await waiter.promise, undefined);
    assert.ok(r.ready() && !r.successful());
    assert.equal(r.exception, boom);
  });

  it('get(ms) throws a Timeout when nothing comes in time; getNowait() at once', async () => {
    const r = new AsyncResult<string>();
    const g = spawn(/** @greenlet */ () => {
      try {
        r.get(3);
      } catch (e) {
        return e instanceof Timeout ? 'timeout' : e;
      }
    });
    assert.equal(await g.promise, 'timeout');
    assert.throws(() => r.getNowait(), Timeout);
    assert.throws(() => r.get(), GreenletError, 'main cannot wait');
    assert.throws(() => r.get(-1), RangeError);
  });

  it('a greenlet killed in get() is not woken again; the others are', async () => {
    const r = new AsyncResult<number>();
    const killed = spawn(/** @greenlet */ () => r.get());
    const other = spawn(/** @greenlet */ () => r.get());
    await new Promise((res) => setImmediate(res));
    killed.kill();
    r.set(1);
    assert.equal(await other.promise, 1);
    assert.ok(killed.dead);
  });
});
