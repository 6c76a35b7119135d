// Issue 2 item 3, the kinds of marked functions: each runs inside a greenlet that switches out
// from it and back in, and must compute the same as plain JavaScript would.
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';
import { drive, pause } from './drive';

const TWIN = Symbol.for('greenlet-ts.twin');

describe('transformer: marked functions', () => {
  it('a function declaration, called before the line that declares it', () => {
    // The twin is attached at the top of the block, so the hoisted call already has it.
    const run = drive(/** @greenlet */ () => early(1));
    assert.deepEqual(run.paused, [1, 2]);
    assert.equal(run.result, 3);
    /** @greenlet */
    function early(x: number): number {
      return pause(x) + pause(x + 1);
    }
  });

  it('gets a twin, and a never-suspending marked function needs none', () => {
    /** @greenlet */
    function suspends() {
      pause();
    }
    /** @greenlet */
    function never() {
      return Math.max(1, 2);
    }
    assert.equal(typeof (suspends as any)[TWIN], 'function');
    assert.equal((never as any)[TWIN], undefined);
    assert.equal(drive(never).result, 2);
    /** @greenlet */
    function caller() {
      suspends();
      return never();
    }
    // In the caller's twin, only the call that can suspend goes through the trampoline.
    const source = String((caller as any)[TWIN]);
    assert.match(source, /= suspends\)\?\.\[__greenlet\w*_twin\]/); // (a suffixed name: this file mentions __greenlet)
    assert.doesNotMatch(source, /= never\)/);
    assert.match(source, /return never\(\);/);
    assert.deepEqual(drive(caller), { paused: [undefined], result: 2 });
  });

  it('called from plain code on the main greenlet runs its plain body', () => {
    const main = getcurrent();
    /** @greenlet */
    function whoRuns(): string {
      return getcurrent() === main ? 'main' : 'other';
    }
    assert.equal(whoRuns(), 'main');
    // Switching from the main greenlet is always allowed: its stack is the real one.
    const child = new Greenlet(/** @greenlet */ (x: number) => main.switch(x * 2));
    /** @greenlet */
    function plainSwitch(): number {
      return child.switch(21);
    }
    assert.equal(plainSwitch(), 42);
  });

  it('a tag on an overload signature marks the implementation', () => {
    /** @greenlet */
    function over(x: number): number;
    function over(x: string): string;
    function over(x: number | string): number | string {
      return pause(x);
    }
    assert.equal(typeof (over as any)[TWIN], 'function');
    assert.deepEqual(drive(/** @greenlet */ () => [over(1), over('a')]), { paused: [1, 'a'], result: [1, 'a'] });
  });

  it('a function expression, and a named one that recurses through its own name', () => {
    const sum = /** @greenlet */ function (a: number, b: number) {
      return pause(a) + b;
    };
    assert.deepEqual(drive(sum, [1, 2]), { paused: [1], result: 3 });
    const fact = /** @greenlet */ function f(n: number): number {
      return n <= 1 ? pause(1) : n * f(n - 1);
    };
    assert.deepEqual(drive(fact, [5]), { paused: [1], result: 120 });
  });

  it('a tag on const/let marks its initializer, and the function keeps its inferred name', () => {
    /** @greenlet */
    const step = (x: number) => pause(x) * 2;
    /** @greenlet */
    let walk = function (x: number) {
      return step(x) + 1;
    };
    assert.equal(step.name, 'step');
    assert.equal(walk.name, 'walk');
    assert.deepEqual(drive(walk, [4]), { paused: [4], result: 9 });
    walk = () => 0;
    assert.equal(walk(0), 0);
  });

  it('an arrow function sees the this and arguments around it', () => {
    class Box {
      v = 7;
      make(): (k: number) => number[] {
        /** @greenlet */
        const inner = (k: number) => [this.v, pause(k), arguments.length, arguments[0] as number];
        return inner;
      }
    }
    const f = (new Box().make as (...a: unknown[]) => (k: number) => unknown[]).call(new Box(), 'a');
    const run = drive(f, [3]);
    assert.deepEqual(run.paused, [3]);
    assert.deepEqual(run.result, [7, 3, 1, 'a']);
  });

  it('an arrow function sees new.target around it; a tag on an assignment marks its function', () => {
    class Made {
      fn: () => unknown[];
      constructor() {
        /** @greenlet */
        this.fn = () => [new.target === Made, pause('nt')];
      }
    }
    assert.deepEqual(drive(new Made().fn), { paused: ['nt'], result: [true, 'nt'] });
  });

  it('an arrow function nested in a marked arrow shares its lexical this', () => {
    const obj = {
      tag: 'obj',
      run() {
        /** @greenlet */
        const outer = () => {
          /** @greenlet */
          const inner = () => `${this.tag}:${pause('in')}`;
          return inner() + '/' + this.tag;
        };
        return outer;
      },
    };
    assert.deepEqual(drive(obj.run()), { paused: ['in'], result: 'obj:in/obj' });
  });

  it('an arrow inside a method uses super through its twin', () => {
    class Base {
      hello(x: string) {
        return `base ${x}`;
      }
    }
    class Derived extends Base {
      override hello(x: string) {
        return `derived ${x}`;
      }
      make() {
        /** @greenlet */
        const f = () => super.hello(pause('s'));
        return f;
      }
    }
    assert.deepEqual(drive(new Derived().make()), { paused: ['s'], result: 'base s' });
  });

  it('recursion: every level is its own frame and suspends on its own', () => {
    /** @greenlet */
    function depth(n: number): number {
      if (n === 0) return pause('bottom');
      const below = depth(n - 1);
      return pause(n) + below;
    }
    const run = drive(depth, [4], (v) => (v === 'bottom' ? 100 : v));
    assert.deepEqual(run.paused, ['bottom', 1, 2, 3, 4]);
    assert.equal(run.result, 110);
  });

  it('default parameters that suspend, evaluated left to right only for undefined', () => {
    const log: string[] = [];
    /** @greenlet */
    function f(a: number, b: number = pause('b') + a, c: string = `${b}${pause('c')}`): string {
      log.push(`${a},${b},${c}`);
      return c;
    }
    // drive answers each pause with its own value: b = 'b' + 1, c = 'b1' + 'c'.
    assert.deepEqual(drive(f, [1]), { paused: ['b', 'c'], result: 'b1c' });
    assert.deepEqual(drive(f, [1, 5]).paused, ['c']);
    assert.deepEqual(drive(f, [1, 5, 'z']).paused, []);
    assert.deepEqual(drive(f, [1, undefined, 'z']).paused, ['b']);
    assert.deepEqual(log, ['1,b1,b1c', '1,5,5c', '1,5,z', '1,b1,z']);
  });

  it('a default parameter reading a later one still throws (TDZ)', () => {
    /** @greenlet */
    // @ts-expect-error: reading b before it is bound is the point
    function f(a: number = pause() + b, b = 1): number {
      return a + b;
    }
    const g = new Greenlet(f);
    assert.equal(g.switch(), undefined); // a's default pauses first, then reads b
    assert.throws(() => g.switch(), ReferenceError);
  });

  it('destructuring parameters with suspending defaults, and rest', () => {
    /** @greenlet */
    function f({ x = pause('x') as number, y }: { x?: number; y: number }, [z = pause('z') as number] = [] as number[], ...rest: number[]) {
      return [x, y, z, rest];
    }
    assert.deepEqual(drive(f, [{ y: 2 }]), { paused: ['x', 'z'], result: ['x', 2, 'z', []] });
    assert.deepEqual(drive(f, [{ x: 1, y: 2 }, [3], 4, 5]), { paused: [], result: [1, 2, 3, [4, 5]] });
  });

  it('rest parameters and spread arguments', () => {
    /** @greenlet */
    function collect(first: number, ...more: number[]): number[] {
      return [first, ...more, pause(more.length)];
    }
    /** @greenlet */
    function caller(xs: number[]): number[] {
      return collect(...(xs as [number, ...number[]]), ...[9]);
    }
    assert.deepEqual(drive(caller, [[1, 2, 3]]), { paused: [3], result: [1, 2, 3, 9, 3] });
  });

  it('arguments and this inside a marked function declaration', () => {
    /** @greenlet */
    function f(this: { k: string }, _a: number) {
      return [this.k, arguments.length, pause(arguments[1])];
    }
    const o = { k: 'K', f };
    /** @greenlet */
    function viaMethod() {
      return (o.f as (this: unknown, ...a: number[]) => unknown[])(1, 2);
    }
    assert.deepEqual(drive(viaMethod), { paused: [2], result: ['K', 2, 2] });
  });

  describe('bound with bind()', () => {
    class Counter {
      n = 10;
      readonly tick: (by: number) => number;
      constructor() {
        // Bound in plain (unmarked) code, as handlers often are.
        this.tick = this.step.bind(this);
      }
      /** @greenlet */
      step(by: number): number {
        this.n += pause(by);
        return this.n;
      }
    }

    it('a marked method bound in a constructor suspends, with its this', () => {
      const c = new Counter();
      /** @greenlet */
      function run(): number[] {
        return [c.tick(1), c.tick(2)];
      }
      assert.deepEqual(drive(run, [], (v) => (v as number) * 100), { paused: [1, 2], result: [110, 310] });
    });

    it('bound arguments come first; binding again keeps the first this', () => {
      /** @greenlet */
      function join(this: { tag: string }, a: string, b: string, c: string): string {
        return `${this.tag}:${a}${pause(b)}${c}`;
      }
      const once = join.bind({ tag: 'T' }, 'a');
      const twice = once.bind({ tag: 'ignored' }, 'b');
      /** @greenlet */
      function run(): string[] {
        return [once('x', 'y'), twice('z')];
      }
      assert.deepEqual(drive(run), { paused: ['x', 'b'], result: ['T:axy', 'T:abz'] });
      assert.equal(twice.name, 'bound bound join');
    });

    it('a bound marked function runs as a greenlet and suspends', () => {
      const main = getcurrent();
      /** @greenlet */
      function body(this: { k: number }, x: number): number {
        return this.k + main.switch(x);
      }
      const g = new Greenlet(body.bind({ k: 1 }));
      assert.equal(g.switch(5), 5);
      assert.equal(g.switch(10), 11);
      assert.ok(g.dead);
    });

    it('otherwise binds as Function.prototype.bind does: name, length, this, arguments', () => {
      /** @greenlet */
      function f(this: unknown, a: number, b: number, c: number) {
        return [this, a, b, c];
      }
      const plain = function (this: unknown, a: number, b: number, c: number) {
        return [this, a, b, c];
      };
      const ours = f.bind('t', 1);
      const theirs = plain.bind('t', 1);
      assert.equal(ours.name, 'bound f');
      assert.equal(ours.length, theirs.length);
      assert.deepEqual(ours(2, 3), theirs(2, 3));
    });
  });
});
