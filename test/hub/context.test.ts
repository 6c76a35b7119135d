// greenlet-ts/hub: AsyncLocalStorage context belongs to a greenlet (issue 5).
import { strict as assert } from 'node:assert';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Event, Queue, sleep, spawn, wait } from 'greenlet-ts/hub';

describe('hub: AsyncLocalStorage', () => {
  const als = new AsyncLocalStorage<string>();
  after(() => als.disable());

  it('a spawned greenlet starts in the context of the code that spawned it', async () => {
    const g = als.run('spawner', () => spawn(() => als.getStore()));
    assert.equal(await g.promise, 'spawner');
  });

  it('what a greenlet stored is what it sees after every wait, whoever woke it', async () => {
    const q = new Queue<number>();
    const ready = new Event();
    const worker = /** @greenlet */ (name: string) => {
      const seen: Array<string | undefined> = [];
      als.enterWith(name);
      wait(new Promise((r) => setTimeout(r, 1))); // woken from a timer
      seen.push(als.getStore());
      sleep(0); // woken by the run queue
      seen.push(als.getStore());
      ready.wait(); // woken by set() in another greenlet's context
      seen.push(als.getStore());
      q.get(); // woken by put() from main, in main's context
      seen.push(als.getStore());
      als.run(`${name} inner`, () => {
        seen.push(als.getStore());
      });
      seen.push(als.getStore());
      return seen;
    };
    const a = spawn(worker, 'a');
    const b = spawn(worker, 'b');
    const setter = spawn(/** @greenlet */ () => {
      als.enterWith('setter');
      sleep(5);
      ready.set();
    });
    await setter.promise;
    await new Promise((r) => setTimeout(r, 5));
    als.run('main', () => {
      q.put(1);
      q.put(2);
    });
    assert.deepEqual(await a.promise, ['a', 'a', 'a', 'a', 'a inner', 'a']);
    assert.deepEqual(await b.promise, ['b', 'b', 'b', 'b', 'b inner', 'b']);
  });

  it('a greenlet’s store does not leak into the code that resumed it', async () => {
    let resume!: () => void;
    const gate = new Promise<void>((r) => (resume = r));
    const g = spawn(/** @greenlet */ () => {
      als.enterWith('greenlet');
      wait(gate);
      return als.getStore();
    });
    await new Promise((r) => setImmediate(r));
    const seenByMain = als.run('main', () => {
      resume();
      return als.getStore();
    });
    assert.equal(seenByMain, 'main');
    assert.equal(await g.promise, 'greenlet');
  });
});
