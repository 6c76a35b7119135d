// Ports of python-greenlet's src/greenlet/tests/test_greenlet.py (classes TestGreenlet,
// TestGreenletSetParentErrors, TestRepr, TestMainGreenlet, TestBrokenGreenlets).
// Threads, the collector and frames are in threads.test.ts, gc.test.ts; see README.md for
// what has no counterpart here.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { Greenlet, GreenletError, GreenletExit, backend, getcurrent } from 'greenlet-ts';
import { SomeError, fmain, simpleTest } from './support';

class KeyError extends Error {}

/** Python's `send_exception`: a child of `g` dies of `exc`, which then goes to `g`. */
function sendException(g: Greenlet, exc: unknown): void {
  const crasher = new Greenlet((e: unknown) => {
    throw e;
  }, g);
  crasher.switch(exc);
}

describe('upstream test_greenlet.py: TestGreenlet', () => {
  it('test_simple', () => {
    simpleTest();
  });

  it('test_switch_no_run_raises_AttributeError (GreenletError naming run)', () => {
    const g = new Greenlet();
    assert.throws(() => g.switch(), (e: unknown) => e instanceof GreenletError && /\brun\b/.test(e.message));
    // Nothing ran: the greenlet can still be given a function and started.
    assert.equal(g.started, false);
    g.run = (x: number) => x * 2;
    assert.equal(g.switch(21), 42);
  });

  it('test_throw_no_run_raises_AttributeError (DESIGN: a never-started greenlet dies of the error, run is not needed)', () => {
    const g = new Greenlet();
    const error = new SomeError();
    assert.throws(() => g.throw(error), (e: unknown) => e === error);
    assert.ok(g.started && g.dead);
  });

  it('test_parent_equals_None (an omitted parent is the current greenlet)', () => {
    const g = new Greenlet(undefined, undefined);
    assert.equal(g.parent, getcurrent());
  });

  it('test_run_equals_None', () => {
    const g = new Greenlet(undefined);
    assert.equal(g.run, undefined);
  });

  it('test_two_children', () => {
    const lst: number[] = [];
    /** @greenlet */
    function f(): void {
      lst.push(1);
      getcurrent().parent!.switch();
      lst.push(1, 1);
    }
    const g = new Greenlet(f);
    const h = new Greenlet(f);
    g.switch();
    assert.equal(lst.length, 1);
    h.switch();
    assert.equal(lst.length, 2);
    h.switch();
    assert.equal(lst.length, 4);
    assert.equal(h.dead, true);
    g.switch();
    assert.equal(lst.length, 6);
    assert.equal(g.dead, true);
  });

  it('test_two_recursive_children', () => {
    const lst: string[] = [];
    /** @greenlet */
    function f(): void {
      lst.push('b');
      getcurrent().parent!.switch();
    }
    /** @greenlet */
    function g(): void {
      lst.push('a');
      const child = new Greenlet(f);
      child.switch();
      lst.push('c');
    }
    const outer = new Greenlet(g);
    outer.switch();
    assert.deepEqual(lst, ['a', 'b', 'c']);
    assert.ok(outer.dead);
  });

  it('test_exception', () => {
    const seen: unknown[] = [];
    const g1 = new Greenlet(fmain);
    const g2 = new Greenlet(fmain);
    g1.switch(seen);
    g2.switch(seen);
    g2.parent = g1;
    assert.deepEqual(seen, []);
    // g2 resumes and fails; the error interrupts g1 (its parent), which records it and fails too.
    assert.throws(() => g2.switch(), SomeError);
    assert.deepEqual(seen, [SomeError]);
    assert.ok(g1.dead && g2.dead);
    // Both dead: switching to g2 comes back to us at once, with our own values.
    assert.equal(g2.switch(), undefined);
    assert.deepEqual(seen, [SomeError]);
    assert.equal(g2.switch(25), 25);
    assert.deepEqual(seen, [SomeError]);
  });

  it('test_send_exception', () => {
    const seen: unknown[] = [];
    const g1 = new Greenlet(fmain);
    g1.switch(seen);
    assert.throws(() => sendException(g1, new KeyError()), KeyError);
    assert.deepEqual(seen, [KeyError]);
  });

  it('test_frame (without frames: the value passed out, then the return value; active only while suspended)', () => {
    const token = {};
    const g = new Greenlet(
      /** @greenlet */ () => {
        getcurrent().parent!.switch(token);
        return 'meaning of life';
      },
    );
    assert.equal(g.switch(), token);
    assert.ok(g.active);
    assert.equal(g.switch(), 'meaning of life');
    assert.ok(!g.active && g.dead);
  });

  it('test_switch_kwargs (JS has no keyword arguments: the arguments are passed positionally)', () => {
    const g = new Greenlet((a: number, b: number) => {
      assert.equal(a, 4);
      assert.equal(b, 2);
      return 42;
    });
    assert.equal(g.switch(4, 2), 42);
  });

  it('test_switch_kwargs_to_parent (the packing of switch arguments sent to the parent)', () => {
    const g = new Greenlet(
      /** @greenlet */ (x: number) => {
        getcurrent().parent!.switch(x);
        getcurrent().parent!.switch(2, x);
        return [x, x ** 2];
      },
    );
    assert.equal(g.switch(3), 3);
    assert.deepEqual(g.switch(), [2, 3]);
    assert.deepEqual(g.switch(), [3, 9]);
  });

  it('test_instance_dict (properties set through getcurrent() are on the greenlet object)', () => {
    const g = new Greenlet(() => {
      (getcurrent() as Greenlet & { test?: number }).test = 42;
    });
    assert.deepEqual(Object.keys(g), []);
    g.switch();
    assert.equal((g as Greenlet & { test?: number }).test, 42);
    assert.deepEqual(Object.keys(g), ['test']);
  });

  it('test_running_greenlet_has_no_run', () => {
    const hasRun: boolean[] = [];
    const g = new Greenlet(() => {
      hasRun.push(getcurrent().run !== undefined);
    });
    g.switch();
    assert.deepEqual(hasRun, [false]);
  });

  it('test_parent_return_failure', () => {
    const g1 = new Greenlet(); // no run: starting it fails
    const g2 = new Greenlet(() => undefined, g1);
    // g2 returns to g1, which cannot start: the error reaches us and nothing crashes.
    assert.throws(() => g2.switch(), (e: unknown) => e instanceof GreenletError && /\brun\b/.test(e.message));
    assert.ok(g2.dead);
  });

  it('test_throw_exception_not_lost (no __getattribute__ here: the error thrown into a new greenlet reaches us)', () => {
    class MyGreenlet extends Greenlet {}
    const g = new MyGreenlet(() => undefined);
    const error = new SomeError();
    assert.throws(() => g.throw(error), (e: unknown) => e === error);
  });

  it('test_recursive_startup (a run accessor that switches into its own greenlet while it is looked up)', () => {
    class Convoluted extends Greenlet {
      count = 0;
    }
    /** @greenlet */
    function run(this: Convoluted, value: number): never {
      for (;;) this.parent!.switch(value);
    }
    Object.defineProperty(Convoluted.prototype, 'run', {
      configurable: true,
      get(this: Convoluted) {
        if (this.count === 0) {
          this.count = 1;
          this.switch(43);
        }
        return run;
      },
    });
    const g = new Convoluted();
    // Looking up run started g with 43; the outer switch then resumes g, already started,
    // which sends its 43 again.
    assert.equal(g.switch(42), 43);
    // End it: the GreenletExit leaves it and comes back to us as a value.
    assert.ok(g.throw() instanceof GreenletExit);
    assert.ok(g.dead);
  });

  it('test_dealloc_switch_args_not_lost (the value a greenlet passes on while its last reference goes)', () => {
    const seen: Greenlet[] = [];
    const worker: Greenlet[] = [];
    let initiator: Greenlet;
    worker.push(
      new Greenlet(
        /** @greenlet */ () => {
          const value = getcurrent().parent!.switch();
          worker.length = 0;
          initiator.parent = getcurrent().parent!;
          try {
            getcurrent().parent!.switch(value);
          } finally {
            seen.push(getcurrent());
          }
        },
      ),
    );
    worker[0]!.switch(); // prime it
    initiator = new Greenlet(() => 42, worker[0]);
    const value = initiator.switch();
    assert.equal(value, 42);
    // CPython kills the worker at once (its reference count dropped to zero); here it is only
    // collected later (gc.test.ts checks that), so its finally has not run yet.
    assert.deepEqual(seen, []);
  });

  it('test_falling_off_end_switches_to_unstarted_parent_raises_error (JS does not check arity: a run that rejects the value)', () => {
    const parentNeverStarted = new Greenlet((...args: unknown[]) => {
      if (args.length !== 0) throw new TypeError(`no_args() takes 0 positional arguments but ${args.length} were given`);
      return 13;
    });
    const child = new Greenlet(() => 42, parentNeverStarted);
    assert.throws(() => child.switch(), TypeError);
  });

  it('test_falling_off_end_switches_to_unstarted_parent_works', () => {
    const parentNeverStarted = new Greenlet((x: number) => [x, 24]);
    const child = new Greenlet(() => 42, parentNeverStarted);
    assert.deepEqual(child.switch(), [42, 24]);
  });

  it('test_switch_to_dead_greenlet_with_unstarted_perverse_parent', () => {
    class Parent extends Greenlet {}
    Object.defineProperty(Parent.prototype, 'run', {
      configurable: true,
      get() {
        throw new SomeError();
      },
    });
    const parentNeverStarted = new Parent();
    const seen: number[] = [];
    const child = new Greenlet(() => {
      seen.push(42);
    }, parentNeverStarted);
    // The child finishes, so its parent is started, and looking up its run fails.
    assert.throws(() => child.switch(), SomeError);
    assert.deepEqual(seen, [42]);
    // The parent never started, so switching to the dead child tries to start it again.
    assert.throws(() => child.switch(), SomeError);
    assert.deepEqual(seen, [42]);
  });

  it('test_switch_to_dead_greenlet_reparent', () => {
    const seen: number[] = [];
    const parentNeverStarted = new Greenlet(() => {
      seen.push(24);
    });
    const child = new Greenlet(() => {
      seen.push(42);
    });
    child.switch();
    assert.deepEqual(seen, [42]);
    child.parent = parentNeverStarted;
    // The same as switching to the parent.
    assert.equal(child.switch(), undefined);
    assert.deepEqual(seen, [42, 24]);
  });

  // Python: g1 and g2 each switch away from inside a sorted() key function. Here the callback
  // is called by Array.prototype.map, a frame only the native backend can suspend.
  it(`test_switching_holding_critical_section_no_crash (switching inside an Array.prototype.map callback: native only${backend === 'cps' ? '; cps: GreenletError' : ''})`, () => {
    const log: string[] = [];
    /** @greenlet */
    const k1 = (x: number): number => {
      g2.switch(); // into g2 while inside g1's map
      log.push('k1 back');
      return x;
    };
    /** @greenlet */
    const k2 = (x: number): number => {
      g1.switch(); // back into g1 while inside g2's map
      log.push('k2 back');
      return x;
    };
    const g1: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        [0].map(k1);
        g2.switch();
      },
    );
    const g2: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        [0].map(k2);
        fs.readFileSync(__filename); // blocking I/O while another greenlet is suspended in a callback
        log.push('g2 done');
      },
    );
    if (backend === 'cps') {
      assert.throws(
        () => g1.switch(),
        (e: unknown) => e instanceof GreenletError && /k1/.test(e.message) && /@greenlet|native/.test(e.message),
      );
      assert.ok(g1.dead);
      return;
    }
    g1.switch();
    assert.deepEqual(log, ['k1 back', 'k2 back', 'g2 done']);
    assert.ok(g2.dead && !g1.dead);
  });
});

describe('upstream test_greenlet.py: TestGreenletSetParentErrors', () => {
  it('test_cannot_delete_parent (delete does not remove it)', () => {
    const worker = new Greenlet(() => undefined);
    assert.equal(worker.parent, getcurrent());
    delete (worker as { parent?: unknown }).parent;
    assert.equal(worker.parent, getcurrent());
  });

  it('test_cannot_delete_parent_of_main', () => {
    const main = getcurrent();
    delete (main as { parent?: unknown }).parent;
    assert.equal(main.parent, null);
  });

  it('test_main_greenlet_parent_is_none', () => {
    assert.equal(getcurrent().parent, null);
  });

  it('test_set_parent_wrong_types', () => {
    const g = new Greenlet(
      /** @greenlet */ () => {
        getcurrent().parent!.switch();
      },
    );
    const check = (glet: Greenlet): void => {
      for (const p of [null, 1, {}, '42', undefined]) {
        assert.throws(
          () => {
            glet.parent = p as unknown as Greenlet;
          },
          (e: unknown) => e instanceof TypeError && /Greenlet/.test(e.message),
        );
        assert.equal(glet.parent, getcurrent());
      }
    };
    assert.ok(!g.active);
    check(g);
    g.switch();
    assert.ok(g.active);
    check(g);
    g.switch();
    assert.ok(g.dead);
  });

  it('test_trivial_cycle', () => {
    const glet = new Greenlet(() => undefined);
    assert.throws(() => (glet.parent = glet), (e: unknown) => e instanceof GreenletError && /cyclic parent chain/.test(e.message));
  });

  it('test_trivial_cycle_main', () => {
    const main = getcurrent();
    assert.throws(() => (main.parent = main), GreenletError);
    assert.equal(main.parent, null);
  });

  it('test_deeper_cycle', () => {
    const g1 = new Greenlet(() => undefined);
    const g2 = new Greenlet(() => undefined);
    const g3 = new Greenlet(() => undefined);
    g1.parent = g2;
    g2.parent = g3;
    assert.throws(() => (g3.parent = g1), (e: unknown) => e instanceof GreenletError && /cyclic parent chain/.test(e.message));
    assert.equal(g3.parent, getcurrent());
  });
});

// Python's repr() names the state; greenlet-ts exposes it as started / active / dead.
describe('upstream test_greenlet.py: TestRepr (as state flags)', () => {
  const flags = (g: Greenlet) => ({ started: g.started, active: g.active, dead: g.dead });

  it('test_main_while_running', () => {
    const main = getcurrent();
    assert.equal(main.parent, null);
    assert.deepEqual(flags(main), { started: true, active: true, dead: false });
  });

  it('test_main_in_background', () => {
    const main = getcurrent();
    const g = new Greenlet(() => [getcurrent() === main, flags(main)]);
    assert.deepEqual(g.switch(), [false, { started: true, active: true, dead: false }]);
  });

  it('test_initial', () => {
    assert.deepEqual(flags(new Greenlet()), { started: false, active: false, dead: false });
  });

  it('test_dead', () => {
    const g = new Greenlet(() => undefined);
    g.switch();
    // Python's repr of a dead greenlet says neither started nor active; DESIGN counts it as started.
    assert.deepEqual(flags(g), { started: true, active: false, dead: true });
  });

  it('test_formatting_produces_native_str', () => {
    const dead = new Greenlet(() => undefined);
    dead.switch();
    for (const g of [dead, new Greenlet(() => undefined), getcurrent()]) {
      assert.equal(typeof String(g), 'string');
      assert.equal(typeof `${g}`, 'string');
      assert.equal(Object.prototype.toString.call(g), '[object Greenlet]');
    }
  });
});

describe('upstream test_greenlet.py: TestMainGreenlet', () => {
  it('test_main_greenlet_is_greenlet', () => {
    assert.ok(getcurrent() instanceof Greenlet);
  });

  it('test_greenlet_run (run reads as undefined while running and after)', () => {
    const g: Greenlet = new Greenlet(() => {
      assert.equal(g.run, undefined);
    });
    g.switch();
    assert.equal(g.run, undefined);
    assert.throws(() => (g.run = () => undefined), GreenletError);
  });
});

describe('upstream test_greenlet.py: TestBrokenGreenlets (the reentrancy scripts)', () => {
  // fail_initialstub_already_started.py: looking up B's run, from inside C, switches into B
  // itself, which starts, runs and comes back; the lookup then finds B already started and
  // switches to it normally. The run accessor is an implicit call: native only.
  it(`test_reentrant_switch_GreenletAlreadyStartedInPython (a run accessor that switches: native only${backend === 'cps' ? '; cps: GreenletError' : ''})`, () => {
    const results: unknown[] = [];
    const main = getcurrent();
    class A extends Greenlet {}
    class B extends Greenlet {
      doingIt = false;
      /** @greenlet */
      bRun(...args: unknown[]): void {
        results.push(['Begin B', args]);
        results.push('_B_run switching to main');
        main.switch('From B');
      }
    }
    class C extends Greenlet {}
    Object.defineProperty(B.prototype, 'run', {
      configurable: true,
      get(this: B) {
        if (!this.doingIt) {
          assert.equal(getcurrent(), c);
          this.doingIt = true;
          results.push(`Switch to b from B.run getter in ${getcurrent().constructor.name}`);
          b.switch();
          results.push(`B.run getter back from main in ${getcurrent().constructor.name}`);
        }
        return this.bRun;
      },
    });
    const a = new A((...args: unknown[]) => {
      results.push(['Begin A', args]);
    });
    const b = new B(undefined, a);
    const c = new C(
      /** @greenlet */ () => {
        results.push('Begin C');
        b.switch('From C');
        results.push('C done');
      },
      b,
    );
    if (backend === 'cps') {
      assert.throws(() => c.switch(), GreenletError);
      return;
    }
    results.push(['main from c', c.switch()]);
    c.switch();
    results.push(['A dead?', a.dead, 'B dead?', b.dead, 'C dead?', c.dead]);
    results.push(['main from c.2', c.switch()]);
    assert.ok(c.dead);
    assert.deepEqual(results, [
      'Begin C',
      'Switch to b from B.run getter in C',
      ['Begin B', []],
      '_B_run switching to main',
      ['main from c', 'From B'],
      'B.run getter back from main in C',
      ['Begin A', [undefined]],
      ['A dead?', true, 'B dead?', true, 'C dead?', false],
      'C done',
      ['main from c.2', undefined],
    ]);
  });
});
