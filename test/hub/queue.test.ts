// greenlet-ts/hub: Queue (issue 5).
import { strict as assert } from 'node:assert';
import { GreenletError } from 'greenlet-ts';
import { Queue, sleep, spawn } from 'greenlet-ts/hub';

describe('hub: Queue', () => {
  it('is first in, first out; size counts the items', async () => {
    const q = new Queue<number>();
    assert.equal(q.size, 0);
    q.put(1);
    q.put(2);
    q.put(3);
    assert.equal(q.size, 3);
    const g = spawn(/** @greenlet */ () => [q.get(), q.get(), q.get()]);
    assert.deepEqual(await g.promise, [1, 2, 3]);
    assert.equal(q.size, 0);
  });

  it('get() suspends until another greenlet puts an item', async () => {
    const q = new Queue<string>();
    const log: string[] = [];
    const consumer = spawn(/** @greenlet */ () => {
      log.push('get');
      const item = q.get();
      log.push(`got ${item}`);
      return item;
    });
    const producer = spawn(/** @greenlet */ () => {
      sleep(2);
      log.push('put');
      q.put('hello');
      log.push('put returned');
    });
    assert.equal(await consumer.promise, 'hello');
    await producer.promise;
    assert.deepEqual(log, ['get', 'put', 'put returned', 'got hello']);
  });

  it('serves waiting getters in the order they came', async () => {
    const q = new Queue<number>();
    const got: string[] = [];
    const getter = /** @greenlet */ (name: string) => {
      got.push(`${name}:${q.get()}`);
    };
    const gs = ['a', 'b', 'c'].map((n) => spawn(getter, n));
    const producer = spawn(/** @greenlet */ () => {
      sleep(0); // all three wait by now
      for (const i of [1, 2, 3]) q.put(i);
    });
    await Promise.all([...gs.map((g) => g.promise), producer.promise]);
    assert.deepEqual(got, ['a:1', 'b:2', 'c:3']);
  });

  it('a producer and consumers pass many items, none lost or duplicated', async () => {
    const q = new Queue<number>();
    const consumer = /** @greenlet */ () => {
      let sum = 0;
      for (;;) {
        const n = q.get();
        if (n < 0) return sum;
        sum += n;
      }
    };
    const consumers = [spawn(consumer), spawn(consumer)];
    const producer = spawn(/** @greenlet */ () => {
      for (let i = 1; i <= 1000; i++) {
        q.put(i);
        if (i % 7 === 0) sleep(0);
      }
      q.put(-1);
      q.put(-1);
    });
    await producer.promise;
    const sums = await Promise.all(consumers.map((g) => g.promise));
    assert.equal((sums[0] as number) + (sums[1] as number), (1000 * 1001) / 2);
  });

  it('a getter killed while an item is on its way passes it on to the next getter', async () => {
    const q = new Queue<string>();
    const first = spawn(/** @greenlet */ () => q.get());
    const second = spawn(/** @greenlet */ () => q.get());
    await new Promise((r) => setImmediate(r)); // both wait
    q.put('item'); // wakes `first`, at the next turn
    first.kill();
    assert.equal(await second.promise, 'item');
    assert.equal(q.size, 0);
  });

  it('getters killed while waiting are skipped: the item goes to one still waiting', async () => {
    const q = new Queue<string>();
    const killed = Array.from({ length: 100 }, () => spawn(/** @greenlet */ () => q.get()));
    await new Promise((r) => setImmediate(r));
    for (const g of killed) g.kill();
    const live = spawn(/** @greenlet */ () => q.get());
    await new Promise((r) => setImmediate(r));
    q.put('for the live one');
    assert.equal(await live.promise, 'for the live one');
  });

  it('on the main greenlet, get() returns an item if there is one, else is a GreenletError', () => {
    const q = new Queue<number>();
    q.put(9);
    assert.equal(q.get(), 9);
    assert.throws(() => q.get(), GreenletError);
  });
});
