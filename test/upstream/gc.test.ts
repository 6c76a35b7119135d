// Ports of python-greenlet's src/greenlet/tests/test_gc.py, and of the test_greenlet.py tests
// about a suspended greenlet that is no longer referenced (CPython kills it when its reference
// count drops; greenlet-ts when the collector notices, so these tests collect and wait a turn).
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';
import { SomeError, collectGarbage, collectUntil, fmain } from './support';

/** Runs `body` with uncaught exceptions collected instead of failing the run; returns them. */
async function catchingUncaught(body: () => Promise<void>): Promise<unknown[]> {
  const errors: unknown[] = [];
  const saved = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (e) => errors.push(e));
  try {
    await body();
  } finally {
    process.removeAllListeners('uncaughtException');
    for (const listener of saved) process.on('uncaughtException', listener);
  }
  return errors;
}

describe('upstream test_greenlet.py: unreferenced suspended greenlets', () => {
  it('test_dealloc', async () => {
    const seen: unknown[] = [];
    // Held in an object, not in locals of this async function: a suspended async frame keeps
    // what its temporaries last held, and would keep the greenlets alive.
    const glets: { g1?: Greenlet; g2?: Greenlet } = {};
    (() => {
      glets.g1 = new Greenlet(fmain);
      glets.g2 = new Greenlet(fmain);
      glets.g1.switch(seen);
      glets.g2.switch(seen);
    })();
    assert.deepEqual(seen, []);
    delete glets.g1;
    await collectUntil(() => seen.length >= 1);
    assert.deepEqual(seen, [GreenletExit]);
    delete glets.g2;
    await collectUntil(() => seen.length >= 2);
    assert.deepEqual(seen, [GreenletExit, GreenletExit]);
  });

  it('test_dealloc_catches_GreenletExit_throws_other (reported as an uncaught exception, like sys.unraisablehook)', async () => {
    const errors = await catchingUncaught(async () => {
      (() => {
        const g = new Greenlet(
          /** @greenlet */ () => {
            try {
              getcurrent().parent!.switch();
            } catch (e) {
              if (e instanceof GreenletExit) throw new SomeError();
              throw e;
            }
          },
        );
        g.switch();
      })();
      await collectUntil(() => false, 4);
    });
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof SomeError);
  });

  it('test_parent_restored_on_kill', async () => {
    const hub = new Greenlet(() => undefined);
    const main = getcurrent();
    const result: Greenlet[] = [];
    (() => {
      const g = new Greenlet(
        /** @greenlet */ () => {
          try {
            main.switch(); // wait to be killed
          } catch (e) {
            if (!(e instanceof GreenletExit)) throw e;
            // Resurrect, and switch to the parent.
            result.push(getcurrent().parent!, getcurrent());
            hub.switch();
          }
        },
        hub,
      );
      g.switch();
    })();
    await collectUntil(() => result.length > 0);
    assert.equal(result.length, 2);
    // While it was being killed its parent was whoever killed it (the main greenlet) ...
    assert.equal(result[0], main);
    // ... and afterwards it is its own parent again.
    assert.equal(result[1]!.parent, hub);
    assert.ok(hub.dead && result[1]!.active);
  });

  it('test_dealloc_switch_args_not_lost (the worker is killed once collected)', async () => {
    const seen: Greenlet[] = [];
    (() => {
      const worker: Greenlet[] = [];
      let initiator: Greenlet | undefined;
      // Python's worker calls getcurrent().parent each time; here main is captured instead: a
      // suspended frame keeps what its temporaries last held, and getcurrent() there is the
      // worker itself, which would then stay reachable.
      const main = getcurrent();
      worker.push(
        new Greenlet(
          /** @greenlet */ () => {
            const value = main.switch();
            worker.length = 0; // drop every reference to ourself
            initiator!.parent = main;
            try {
              main.switch(value);
            } finally {
              seen.push(getcurrent());
            }
          },
        ),
      );
      worker[0]!.switch();
      initiator = new Greenlet(() => 42, worker[0]);
      assert.equal(initiator.switch(), 42);
    })();
    await collectUntil(() => seen.length > 0);
    assert.equal(seen.length, 1);
    assert.ok(seen[0]!.dead);
  });

  it('test_issue_245_reference_counting_subclass_no_threads (killed subclass instances stay instances of the subclass)', async () => {
    class MyGreenlet extends Greenlet {}
    const glets: Greenlet[] = [];
    for (let i = 0; i < 10; i++) {
      new MyGreenlet(
        /** @greenlet */ () => {
          try {
            getcurrent().parent!.switch();
          } catch (e) {
            if (e instanceof GreenletExit) glets.push(getcurrent());
          }
        },
      ).switch();
    }
    await collectUntil(() => glets.length === 10);
    assert.equal(glets.length, 10);
    for (const g of glets) assert.ok(g instanceof MyGreenlet && g.dead);
  });
});

describe('upstream test_gc.py: TestGC', () => {
  it('test_dead_circular_ref', async () => {
    let ref: WeakRef<Greenlet> | undefined;
    (() => {
      // Its function returns the greenlet itself.
      const dead = new Greenlet(getcurrent).switch() as Greenlet;
      assert.ok(dead.dead);
      ref = new WeakRef(dead);
    })();
    assert.ok(await collectUntil(() => ref!.deref() === undefined));
  });

  it('test_circular_greenlet', async () => {
    class CircularGreenlet extends Greenlet {
      self: CircularGreenlet | null = null;
    }
    let ref: WeakRef<Greenlet> | undefined;
    (() => {
      const o = new CircularGreenlet();
      o.self = o;
      ref = new WeakRef(o);
    })();
    assert.ok(await collectUntil(() => ref!.deref() === undefined));
  });

  it('test_inactive_ref', async () => {
    class InactiveGreenlet extends Greenlet {
      constructor() {
        super();
        this.run = this.run.bind(this); // the greenlet holds a function that holds the greenlet
      }
      override run(): void {}
    }
    let ref: WeakRef<Greenlet> | undefined;
    (() => {
      ref = new WeakRef(new InactiveGreenlet());
    })();
    assert.ok(await collectUntil(() => ref!.deref() === undefined));
  });

  it('test_finalizer_crash (a suspended greenlet in a cycle, holding a finalizable object, is killed)', async () => {
    const log: string[] = [];
    const finalized: string[] = [];
    const registry = new FinalizationRegistry<string>((name) => finalized.push(name));
    (() => {
      const array: unknown[] = [];
      const parent = getcurrent();
      const g = new Greenlet(
        /** @greenlet */ () => {
          (getcurrent() as Greenlet & { object?: object }).object = {};
          registry.register((getcurrent() as Greenlet & { object?: object }).object!, 'object');
          try {
            parent.switch();
          } catch (e) {
            if (e instanceof GreenletExit) log.push('Got greenlet exit!');
          } finally {
            delete (getcurrent() as Greenlet & { object?: object }).object;
            log.push('finally');
          }
        },
      );
      (g as Greenlet & { array?: unknown[] }).array = array;
      array.push(g);
      g.switch();
    })();
    await collectUntil(() => log.length === 2 && finalized.length === 1);
    assert.deepEqual(log, ['Got greenlet exit!', 'finally']);
    assert.deepEqual(finalized, ['object']);
  });

  it('test_crashing_deferred_object (collecting from inside a greenlet, with another one suspended)', () => {
    const main = getcurrent();
    const keep = { payload: new Array(1000).fill(0).map((_, i) => ({ i })) };
    const sleeper = new Greenlet(
      /** @greenlet */ () => {
        const mine = keep.payload.slice();
        main.switch();
        return mine.length;
      },
    );
    sleeper.switch();
    const outer = new Greenlet(() => {
      collectGarbage('minor');
      collectGarbage();
      return 'collected';
    });
    assert.equal(outer.switch(), 'collected');
    assert.ok(outer.dead);
    // The suspended greenlet's frame survived both collections intact.
    assert.equal(sleeper.switch(), 1000);
  });

  it('test_cycle_in_suspended_frame', async () => {
    const finalized: string[] = [];
    const registry = new FinalizationRegistry<string>((name) => finalized.push(name));
    const holder: { glet?: Greenlet } = {};
    const outer = new Greenlet(
      /** @greenlet */ () => {
        const glet = new Greenlet(
          /** @greenlet */ () => {
            const cycle1: { cycle?: object } = {};
            const cycle2 = { cycle: cycle1 };
            cycle1.cycle = cycle2;
            registry.register(cycle1, 'cycle1');
            registry.register(cycle2, 'cycle2');
            getcurrent().parent!.switch();
            return cycle1;
          },
        );
        glet.switch();
        collectGarbage(); // the cycle lives in a frame suspended below us
        holder.glet = glet;
      },
    );
    outer.switch();
    assert.ok(outer.dead);
    // Still referenced: the suspended frame and its cycle stay.
    await collectUntil(() => finalized.length > 0, 3);
    assert.deepEqual(finalized, []);
    assert.ok(holder.glet!.active);
    // Unreferenced: the greenlet is killed, then its cycle is collected.
    holder.glet = undefined;
    await collectUntil(() => finalized.length === 2);
    assert.deepEqual(finalized.sort(), ['cycle1', 'cycle2']);
  });
});
