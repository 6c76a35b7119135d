// Port of python-greenlet's src/greenlet/tests/test_contextvars.py. Python's context variables
// are AsyncLocalStorage here, and a greenlet's context is the hub's (greenlet-ts/hub): a
// spawned greenlet starts in the context of the code that spawned it (Python: gr_context set
// to copy_context()), and what it stores is what it sees after every wait, whoever woke it.
// greenlet-ts has no gr_context attribute, so the tests that read or assign it have no
// counterpart (README.md).
import { strict as assert } from 'node:assert';
import { AsyncLocalStorage } from 'node:async_hooks';
import { GreenletError, backend } from 'greenlet-ts';
import { sleep, spawn, type Spawned } from 'greenlet-ts/hub';

const ID = new AsyncLocalStorage<number>();

type Counts = Record<number, number>;

/**
 * Python's `_increment`: checks what the greenlet inherited, stores its own id, and twice
 * counts what it sees, then lets the others run.
 */
/** @greenlet */
function increment(id: number, counts: Counts, expect: number | undefined): void {
  assert.equal(ID.getStore(), expect);
  ID.enterWith(id);
  for (let i = 0; i < 2; i++) {
    const seen = ID.getStore()!;
    counts[seen] = (counts[seen] ?? 0) + 1;
    sleep(0);
  }
}

/** Python's `_test_context`, main's part: counts what it sees while the greenlets run. */
async function countInMain(counts: Counts, lets: Spawned<unknown>[]): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const seen = ID.getStore()!;
    counts[seen] = (counts[seen] ?? 0) + 1;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(lets.map((g) => g.promise));
  for (const g of lets) assert.ok(g.dead);
}

describe('upstream test_contextvars.py: ContextVarsTests (AsyncLocalStorage, with the hub)', () => {
  after(() => ID.disable());

  it('test_context_propagated_by_setting_attribute (a spawned greenlet starts in its spawner\'s context)', async () => {
    await ID.run(0, async () => {
      const counts: Counts = {};
      const lets = [1, 2, 3, 4].map((i) => spawn(increment, i, counts, 0));
      await countInMain(counts, lets);
      // Each saw only its own id, main only its 0: twice each.
      assert.deepEqual(counts, { 0: 2, 1: 2, 2: 2, 3: 2, 4: 2 });
      assert.equal(ID.getStore(), 0);
    });
  });

  it('test_context_not_propagated (spawned outside any context: nothing inherited)', async () => {
    await ID.run(0, async () => {
      const counts: Counts = {};
      const lets = ID.exit(() => [1, 2, 3, 4].map((i) => spawn(increment, i, counts, undefined)));
      await countInMain(counts, lets);
      assert.deepEqual(counts, { 0: 2, 1: 2, 2: 2, 3: 2, 4: 2 });
    });
  });

  // Python wraps the greenlet's function in copy_context().run. Here that is AsyncLocalStorage's
  // run(), whose callback is called by Node, not by marked code: native only.
  it(`test_context_propagated_by_context_run (waiting inside AsyncLocalStorage.run: native only${backend === 'cps' ? '; cps: GreenletError' : ''})`, async () => {
    await ID.run(0, async () => {
      const counts: Counts = {};
      const lets = [1, 2, 3, 4].map((i) =>
        spawn(
          /** @greenlet */ () => ID.run(ID.getStore()!, /** @greenlet */ () => increment(i, counts, 0)),
        ),
      );
      if (backend === 'cps') {
        for (const g of lets) await assert.rejects(g.promise, GreenletError);
        return;
      }
      await countInMain(counts, lets);
      assert.deepEqual(counts, { 0: 2, 1: 2, 2: 2, 3: 2, 4: 2 });
      assert.equal(ID.getStore(), 0);
    });
  });

  // Python: two greenlets suspended inside context.run() and resumed so that they leave their
  // run() in the opposite order; that used to break ("cannot exit context").
  it(`test_break_ctxvars (leaving AsyncLocalStorage.run in any order: native only${backend === 'cps' ? '; cps: GreenletError' : ''})`, async () => {
    const inside = (id: number) =>
      /** @greenlet */ () => {
        const seen: (number | undefined)[] = [];
        ID.run(id, /** @greenlet */ () => {
          sleep(id === 1 ? 5 : 0); // 2 leaves its run() first
          seen.push(ID.getStore());
        });
        seen.push(ID.getStore());
        return seen;
      };
    await ID.run(0, async () => {
      const let1 = spawn(inside(1));
      const let2 = spawn(inside(2));
      if (backend === 'cps') {
        await assert.rejects(let1.promise, GreenletError);
        await assert.rejects(let2.promise, GreenletError);
        return;
      }
      assert.deepEqual(await let1.promise, [1, 0]);
      assert.deepEqual(await let2.promise, [2, 0]);
      assert.equal(ID.getStore(), 0);
    });
  });

  it('test_not_broken_if_using_attribute_instead_of_context_run (stores set with enterWith, resumed in any order)', async () => {
    const body = (id: number, ms: number) =>
      /** @greenlet */ () => {
        ID.enterWith(id);
        sleep(ms);
        const first = ID.getStore();
        sleep(0);
        return [first, ID.getStore()];
      };
    await ID.run(0, async () => {
      const let1 = spawn(body(1, 5));
      const let2 = spawn(body(2, 0));
      assert.deepEqual(await let2.promise, [2, 2]);
      assert.deepEqual(await let1.promise, [1, 1]);
      assert.equal(ID.getStore(), 0);
    });
  });
});
