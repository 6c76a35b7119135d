// Issue 17 item 2: a for-of in a marked function whose iterator's next() may suspend is lowered
// into explicit next()/return() calls that are suspension points, on both build paths
// (test/babel runs this file through the Babel plugin too), keeping the iteration protocol.
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';
import { drive, pause } from './drive';

/** An iterator whose next() and return() pause (suspend the running greenlet), and a log of what was called. */
class Pausing implements IterableIterator<number> {
  log: string[] = [];
  private i = 0;
  constructor(private readonly n: number, private readonly opts: { failAt?: number; badResultAt?: number; returnThrows?: boolean } = {}) {}

  /** @greenlet */
  next(): IteratorResult<number> {
    this.log.push(`next ${this.i}`);
    pause(`next ${this.i}`);
    if (this.i === this.opts.failAt) throw new Error(`next failed at ${this.i}`);
    if (this.i === this.opts.badResultAt) return 42 as unknown as IteratorResult<number>;
    return this.i < this.n ? { done: false, value: this.i++ } : { done: true, value: undefined };
  }

  /** @greenlet */
  return(): IteratorResult<number> {
    this.log.push('return');
    pause('return');
    if (this.opts.returnThrows) throw new Error('return failed');
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

describe('transformer: for-of over an iterator whose next() suspends', () => {
  it('each step is a suspension point; a loop that ends by itself does not call return()', () => {
    /** @greenlet */
    function run(it: Pausing) {
      const seen: number[] = [];
      for (const x of it) seen.push(x);
      return seen;
    }
    const it = new Pausing(3);
    const r = drive(run, [it]);
    assert.deepEqual(r.result, [0, 1, 2]);
    assert.deepEqual(r.paused, ['next 0', 'next 1', 'next 2', 'next 3']);
    assert.deepEqual(it.log, ['next 0', 'next 1', 'next 2', 'next 3']);
  });

  it('break, return and a labelled continue of an outer loop call return() once, which may suspend too', () => {
    /** @greenlet */
    function run(a: Pausing, b: Pausing, c: Pausing) {
      const seen: string[] = [];
      for (const x of a) {
        if (x === 1) break;
        seen.push(`a${x}`);
      }
      outer: for (const round of [0, 1]) {
        for (const x of b) {
          if (round === 0) continue outer;
          seen.push(`b${x}`);
        }
      }
      for (const x of c) {
        if (x === 0) return seen;
      }
      return ['not reached'];
    }
    const [a, b, c] = [new Pausing(5), new Pausing(2), new Pausing(5)];
    const r = drive(run, [a, b, c]);
    assert.deepEqual(r.result, ['a0', 'b1']); // b is one iterator: round 1 goes on from where round 0 left
    assert.deepEqual(a.log, ['next 0', 'next 1', 'return']);
    assert.deepEqual(b.log, ['next 0', 'return', 'next 1', 'next 2']);
    assert.deepEqual(c.log, ['next 0', 'return']);
    assert.ok(r.paused.includes('return'));
  });

  it('a throw in the body calls return() and goes on; an error of return() itself is ignored then', () => {
    /** @greenlet */
    function run(it: Pausing) {
      try {
        for (const x of it) {
          if (x === 1) throw new Error('body failed');
        }
      } catch (e) {
        return (e as Error).message;
      }
    }
    const it = new Pausing(5, { returnThrows: true });
    assert.equal(drive(run, [it]).result, 'body failed');
    assert.deepEqual(it.log, ['next 0', 'next 1', 'return']);
  });

  it("on a break, return()'s error is thrown", () => {
    /** @greenlet */
    function run(it: Pausing) {
      try {
        for (const _ of it) break;
      } catch (e) {
        return (e as Error).message;
      }
    }
    assert.equal(drive(run, [new Pausing(5, { returnThrows: true })]).result, 'return failed');
  });

  it('an error of next() or a result that is not an object ends the loop without return()', () => {
    /** @greenlet */
    function run(it: Pausing) {
      try {
        for (const _ of it);
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
    }
    const failing = new Pausing(5, { failAt: 1 });
    assert.equal(drive(run, [failing]).result, 'Error: next failed at 1');
    assert.deepEqual(failing.log, ['next 0', 'next 1']);
    const bad = new Pausing(5, { badResultAt: 0 });
    assert.match(drive(run, [bad]).result as string, /^TypeError: Iterator result .*42.* is not an object/);
    assert.deepEqual(bad.log, ['next 0']);
  });

  it('a value that is not iterable is a TypeError', () => {
    /** @greenlet */
    function run(x: any) {
      try {
        for (const _ of x as Pausing);
      } catch (e) {
        return (e as Error).constructor.name;
      }
    }
    assert.equal(drive(run, [{}]).result, 'TypeError');
    assert.equal(drive(run, [null]).result, 'TypeError');
  });

  it('destructuring, var, an assignment target and a fresh let per iteration (closures)', () => {
    class Pairs extends Pausing {
      /** @greenlet */
      override next(): IteratorResult<any> {
        const r = super.next();
        return r.done ? r : { done: false, value: [r.value, `v${r.value}`] };
      }
    }
    /** @greenlet */
    function run() {
      const fns: (() => string)[] = [];
      for (const [i, { length }] of new Pairs(2)) fns.push(() => `${i}:${length}`);
      for (var v of new Pausing(2));
      const target = { last: -1 };
      for (target.last of new Pausing(3));
      return [...fns.map((f) => f()), v!, target.last];
    }
    assert.deepEqual(drive(run).result, ['0:2', '1:2', 1, 2]);
  });

  it('the classic greenlet generator, iterated with for-of from a greenlet that is not main', () => {
    /** A generator built from a greenlet (greenlet's docs): each next() switches into it. */
    class Genlet<T> extends Greenlet implements IterableIterator<T> {
      /** @greenlet */
      next(): IteratorResult<T> {
        this.parent = getcurrent();
        const v = this.switch();
        return this.dead ? { done: true, value: undefined } : { done: false, value: v as T };
      }
      [Symbol.iterator](): this {
        return this;
      }
    }
    /** @greenlet */
    const countdown = (n: number) => {
      for (let i = n; i > 0; i--) getcurrent().parent!.switch(i);
    };
    /** @greenlet */
    function consume() {
      const out: number[] = [];
      for (const x of new Genlet<number>(/** @greenlet */ () => countdown(3))) {
        out.push(x);
        pause(x); // the consumer itself suspends between steps too
      }
      return out;
    }
    const r = drive(consume);
    assert.deepEqual(r.result, [3, 2, 1]);
    assert.deepEqual(r.paused, [3, 2, 1]);
  });
});
