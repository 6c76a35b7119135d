// Port of python-greenlet's src/greenlet/tests/test_weakref.py (class WeakRefTests), with
// JavaScript's WeakRef for Python's weakref.ref.
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';
import { collectUntil } from './support';

describe('upstream test_weakref.py: WeakRefTests', () => {
  it('test_dead_weakref', async () => {
    let ref: WeakRef<Greenlet> | undefined;
    (() => {
      const g = new Greenlet(() => undefined);
      g.switch();
      ref = new WeakRef(g);
    })();
    assert.ok(await collectUntil(() => ref!.deref() === undefined));
  });

  it('test_inactive_weakref', async () => {
    let ref: WeakRef<Greenlet> | undefined;
    (() => {
      ref = new WeakRef(new Greenlet());
    })();
    assert.ok(await collectUntil(() => ref!.deref() === undefined));
  });

  it('test_dealloc_weakref', async () => {
    const seen: unknown[] = [];
    let ref: WeakRef<Greenlet> | undefined;
    (() => {
      const worker = new Greenlet(
        /** @greenlet */ () => {
          try {
            getcurrent().parent!.switch();
          } finally {
            seen.push(ref!.deref());
          }
        },
      );
      worker.switch();
      // Only this never-started child (whose parent it is) refers to the worker.
      ref = new WeakRef(new Greenlet(() => undefined, worker));
    })();
    // Both become garbage together; by the time the worker is killed the child is gone.
    await collectUntil(() => seen.length > 0);
    assert.deepEqual(seen, [undefined]);
  });
});
