// Issue 2 item 3: suspension points in every statement form. Twins are real generators, so
// loops, labels, switch and try/catch/finally keep their JavaScript meaning across a switch.
import { strict as assert } from 'node:assert';
import { Greenlet } from 'greenlet-ts';
import { drive, pause } from './drive';

describe('transformer: suspension points in statements', () => {
  it('for, for-of and for-in give closures a fresh let per iteration', () => {
    /** @greenlet */
    function run() {
      const fns: (() => string)[] = [];
      for (let i = 0; i < 3; i++) {
        pause(`for ${i}`);
        fns.push(() => `i${i}`);
      }
      for (const x of ['a', 'b']) {
        pause(`of ${x}`);
        fns.push(() => `x${x}`);
      }
      for (const k in { p: 1, q: 2 }) {
        pause(`in ${k}`);
        fns.push(() => `k${k}`);
      }
      return fns.map((f) => f());
    }
    const r = drive(run);
    assert.deepEqual(r.paused, ['for 0', 'for 1', 'for 2', 'of a', 'of b', 'in p', 'in q']);
    assert.deepEqual(r.result, ['i0', 'i1', 'i2', 'xa', 'xb', 'kp', 'kq']);
  });

  it('a suspension point in a for header (test and update)', () => {
    /** @greenlet */
    function run() {
      let n = 0;
      for (let i = pause(0) as number; i < (pause('limit') as number); i += pause('step') as number) n++;
      return n;
    }
    const replies: Record<string, number> = { limit: 3, step: 1 };
    const r = drive(run, [], (v) => (typeof v === 'string' ? replies[v] : v));
    assert.equal(r.result, 3);
    assert.deepEqual(r.paused, [0, 'limit', 'step', 'limit', 'step', 'limit', 'step', 'limit']);
  });

  it('while and do-while', () => {
    /** @greenlet */
    function run() {
      let i = 0;
      const seen: number[] = [];
      while (pause(`w${i}`)) seen.push(i++);
      do seen.push(pause('d') as number);
      while (seen.length < 5);
      return seen;
    }
    const r = drive(run, [], (v) => (v === 'w0' || v === 'w1' ? true : v === 'd' ? 7 : false));
    assert.deepEqual(r.paused, ['w0', 'w1', 'w2', 'd', 'd', 'd']);
    assert.deepEqual(r.result, [0, 1, 7, 7, 7]);
  });

  it('labels with break and continue', () => {
    /** @greenlet */
    function run() {
      const out: string[] = [];
      outer: for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          if (pause(`${i}${j}`) === 'skip') continue outer;
          if (i === 2) break outer;
          out.push(`${i}${j}`);
        }
      }
      block: {
        out.push('in block');
        if (pause('b')) break block;
        out.push('not reached');
      }
      return out;
    }
    const r = drive(run, [], (v) => (v === '01' ? 'skip' : v === 'b' ? true : v));
    assert.deepEqual(r.paused, ['00', '01', '10', '11', '12', '20', 'b']);
    assert.deepEqual(r.result, ['00', '10', '11', '12', 'in block']);
  });

  it('switch statements, with a suspension point in the discriminant and in cases', () => {
    /** @greenlet */
    function run(x: string) {
      const out: string[] = [];
      switch (pause(x)) {
        // @ts-expect-error: falling through is the point
        case 'a':
          out.push(pause('in a') as string);
        case 'b':
          out.push('b');
          break;
        default:
          out.push(pause('default') as string);
      }
      return out;
    }
    assert.deepEqual(drive(run, ['a']), { paused: ['a', 'in a'], result: ['in a', 'b'] });
    assert.deepEqual(drive(run, ['z']), { paused: ['z', 'default'], result: ['default'] });
  });

  it('a marked function declared inside a case clause and a block', () => {
    /** @greenlet */
    function run(k: number) {
      switch (k) {
        case 1: {
          return inner();
          /** @greenlet */
          function inner() {
            return pause('block');
          }
        }
        default:
          return later();
          /** @greenlet */
          function later() {
            return pause('clause');
          }
      }
    }
    assert.deepEqual(drive(run, [1]).paused, ['block']);
    assert.deepEqual(drive(run, [2]).paused, ['clause']);
  });

  it('try/catch/finally: errors thrown into a suspended greenlet are caught where it paused', () => {
    /** @greenlet */
    function run() {
      const log: string[] = [];
      try {
        log.push('try');
        pause('in try');
        log.push('not reached');
      } catch (e) {
        log.push(`caught ${(e as Error).message}`);
        pause('in catch');
      } finally {
        log.push('finally');
        pause('in finally');
      }
      return log;
    }
    const g = new Greenlet(run);
    assert.equal(g.switch(), 'in try');
    assert.equal(g.throw(new Error('boom')), 'in catch');
    assert.equal(g.switch(), 'in finally');
    assert.deepEqual(g.switch(), ['try', 'caught boom', 'finally']);
    assert.equal(g.dead, true);
  });

  it('return inside finally overrides, and finally runs when a suspension point throws', () => {
    /** @greenlet */
    function run() {
      try {
        pause('p');
        throw new Error('lost');
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        return `finally ${pause('f')}`;
      }
    }
    assert.deepEqual(drive(run), { paused: ['p', 'f'], result: 'finally f' });
    /** @greenlet */
    function thrower(): never {
      throw new Error(`from ${pause('t')}`);
    }
    /** @greenlet */
    function catcher() {
      try {
        return thrower();
      } catch (e) {
        return (e as Error).message;
      }
    }
    assert.deepEqual(drive(catcher), { paused: ['t'], result: 'from t' });
  });

  it('a switch out of a deep marked stack comes back to the same frames', () => {
    /** @greenlet */
    function nest(n: number): number[] {
      if (n === 0) return [pause('deep') as number];
      return [n, ...nest(n - 1)];
    }
    const r = drive(nest, [50], () => -1);
    assert.equal((r.result as number[]).length, 51);
    assert.equal((r.result as number[])[50], -1);
  });
});
