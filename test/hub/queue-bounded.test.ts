// greenlet-ts/hub: bounded Queue, JoinableQueue, QueueFull/QueueEmpty, peek, shutdown, iteration (issue 17).
import { strict as assert } from 'node:assert';
import { GreenletError } from 'greenlet-ts';
import { JoinableQueue, Queue, QueueEmpty, QueueFull, QueueShutDown, sleep, spawn, Timeout, withTimeout } from 'greenlet-ts/hub';

const turn = () => new Promise((r) => setImmediate(r));

describe('hub: bounded Queue', () => {
  it('put() waits while the queue is full; several blocked putters are served in the order they came', async () => {
    const q = new Queue<string>(1);
    q.put('first');
    const log: string[] = [];
    const putter = /** @greenlet */ (name: string) => {
      log.push(`${name} waits`);
      q.put(name);
      log.push(`${name} put`);
    };
    const ps = ['a', 'b', 'c'].map((n) => spawn(putter, n));
    await turn();
    assert.deepEqual(log, ['a waits', 'b waits', 'c waits']);
    assert.ok(q.full());
    const consumer = spawn(/** @greenlet */ () => {
      const got: string[] = [];
      for (let i = 0; i < 4; i++) got.push(q.get());
      return got;
    });
    assert.deepEqual(await consumer.promise, ['first', 'a', 'b', 'c']);
    await Promise.all(ps.map((g) => g.promise));
    assert.deepEqual(log.slice(3), ['a put', 'b put', 'c put']);
    assert.equal(q.size, 0);
  });

  it('a newcomer does not overtake putters already waiting', async () => {
    const q = new Queue<string>(1);
    q.put('x');
    const waiting = spawn(/** @greenlet */ () => q.put('waiting'));
    await turn();
    const got = spawn(/** @greenlet */ () => {
      const first = q.get(); // makes room, promised to `waiting`
      assert.throws(() => q.putNowait('newcomer'), QueueFull);
      return [first, q.get()];
    });
    assert.deepEqual(await got.promise, ['x', 'waiting']);
    await waiting.promise;
  });

  it('putNowait() on a full queue throws QueueFull, getNowait()/peekNowait() on an empty one QueueEmpty', () => {
    const q = new Queue<number>(2);
    q.putNowait(1);
    q.putNowait(2);
    assert.throws(() => q.putNowait(3), QueueFull);
    assert.equal(q.peekNowait(), 1);
    assert.equal(q.getNowait(), 1);
    assert.equal(q.getNowait(), 2);
    assert.throws(() => q.getNowait(), QueueEmpty);
    assert.throws(() => q.peekNowait(), QueueEmpty);
    assert.ok(q.empty());
  });

  it('rejects a maxsize that is not an integer ≥ 1 or Infinity', () => {
    for (const bad of [0, -1, 1.5, NaN, '3' as unknown as number]) assert.throws(() => new Queue(bad), RangeError);
    assert.equal(new Queue().maxsize, Infinity);
  });

  it('on the main greenlet put() into a full queue is a GreenletError', () => {
    const q = new Queue<number>(1);
    q.put(1);
    assert.throws(() => q.put(2), GreenletError);
    assert.equal(q.size, 1);
  });

  it('get(ms) throws QueueEmpty and put(item, ms) QueueFull when the time runs out', async () => {
    const q = new Queue<number>(1);
    const g = spawn(/** @greenlet */ () => {
      const out: string[] = [];
      try {
        q.get(5);
      } catch (e) {
        out.push(e instanceof QueueEmpty ? 'empty' : String(e));
      }
      q.put(1);
      try {
        q.put(2, 5);
      } catch (e) {
        out.push(e instanceof QueueFull ? 'full' : String(e));
      }
      return [out, q.size];
    });
    assert.deepEqual(await g.promise, [['empty', 'full'], 1]);
  });

  it('a putter interrupted (withTimeout) after a get() made room for it passes the room on; nothing is put twice', async () => {
    const q = new Queue<string>(1);
    q.put('x');
    const impatient = spawn(/** @greenlet */ () => {
      try {
        withTimeout(3, /** @greenlet */ () => q.put('impatient'));
        return 'put';
      } catch (e) {
        return e instanceof Timeout ? 'timed out' : e;
      }
    });
    const patient = spawn(/** @greenlet */ () => q.put('patient'));
    assert.equal(await impatient.promise, 'timed out');
    assert.equal(q.getNowait(), 'x'); // room for `patient`
    await patient.promise;
    assert.deepEqual([q.getNowait(), q.size], ['patient', 0]);
  });

  it('a putter killed after get() chose it passes the room to the next putter', async () => {
    const q = new Queue<string>(1);
    q.put('x');
    const first = spawn(/** @greenlet */ () => q.put('first'));
    const second = spawn(/** @greenlet */ () => q.put('second'));
    await turn();
    assert.equal(q.getNowait(), 'x'); // promises the room to `first`…
    first.kill(); // …which dies before it runs
    await second.promise;
    assert.deepEqual([q.getNowait(), q.size], ['second', 0]);
  });

  it('peek() waits for an item and leaves it there', async () => {
    const q = new Queue<number>();
    const peeker = spawn(/** @greenlet */ () => q.peek());
    const getter = spawn(/** @greenlet */ () => q.get());
    await turn();
    q.put(5);
    assert.equal(await peeker.promise, 5);
    assert.equal(await getter.promise, 5);
  });

  it('iterates by get() until shut down and empty; shutdown() wakes waiting getters and putters with QueueShutDown', async () => {
    const q = new Queue<number>(2);
    const consumer = spawn(/** @greenlet */ () => {
      const it = q[Symbol.iterator]();
      const got: number[] = [];
      for (let r = it.next(); !r.done; r = it.next()) got.push(r.value);
      return got;
    });
    const producer = spawn(/** @greenlet */ () => {
      for (let i = 1; i <= 5; i++) q.put(i);
    });
    await producer.promise;
    await turn();
    q.shutdown();
    assert.deepEqual(await consumer.promise, [1, 2, 3, 4, 5]);
    assert.throws(() => q.put(6), QueueShutDown);

    const full = new Queue<number>(1);
    full.put(0);
    const blockedPut = spawn(/** @greenlet */ () => {
      try {
        full.put(1);
      } catch (e) {
        return e instanceof QueueShutDown ? 'shut down' : e;
      }
    });
    const empty = new Queue<number>();
    const blockedGet = spawn(/** @greenlet */ () => {
      try {
        empty.get();
      } catch (e) {
        return e instanceof QueueShutDown ? 'shut down' : e;
      }
    });
    await turn();
    full.shutdown();
    empty.shutdown();
    assert.equal(await blockedPut.promise, 'shut down');
    assert.equal(await blockedGet.promise, 'shut down');
    assert.equal(full.getNowait(), 0, 'items left are still got');
    assert.throws(() => full.getNowait(), QueueShutDown);
  });
});

describe('hub: JoinableQueue', () => {
  it('join() waits until taskDone() was called for every item put', async () => {
    const q = new JoinableQueue<number>();
    const done: number[] = [];
    const worker = /** @greenlet */ () => {
      for (;;) {
        const n = q.get();
        sleep(1);
        done.push(n);
        q.taskDone();
      }
    };
    const workers = [spawn(worker), spawn(worker)];
    const boss = spawn(/** @greenlet */ () => {
      for (let i = 0; i < 6; i++) q.put(i);
      assert.equal(q.unfinishedTasks, 6);
      q.join();
      return done.length;
    });
    assert.equal(await boss.promise, 6);
    assert.equal(q.unfinishedTasks, 0);
    for (const w of workers) w.kill();
  });

  it('join(ms) returns false when tasks are still unfinished then; taskDone() too often throws', async () => {
    const q = new JoinableQueue<number>();
    q.put(1);
    const g = spawn(/** @greenlet */ () => q.join(3));
    assert.equal(await g.promise, false);
    q.getNowait();
    q.taskDone();
    assert.throws(() => q.taskDone(), /taskDone\(\) called more times/);
    const h = spawn(/** @greenlet */ () => q.join());
    assert.equal(await h.promise, true);
  });
});
