// Issue 2 item 3: suspension points in every expression position, with JavaScript's
// evaluation order. Each pause hands its label to the main greenlet, which answers with a
// value, so both the order of suspensions and the values flowing back are checked.
import { strict as assert } from 'node:assert';
import { Greenlet } from 'greenlet-ts';
import { drive, pause } from './drive';

/** Answers pause(label) with the number in the label, or the label itself. */
const numbers = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);

describe('transformer: suspension points in expressions', () => {
  it('call arguments are evaluated left to right, callee first', () => {
    const log: string[] = [];
    /** @greenlet */
    function pick(tag: string) {
      log.push(`callee ${tag}`);
      return (a: number, b: number) => a * 10 + b;
    }
    /** @greenlet */
    function run() {
      return pick('p')(pause('1'), pause('2'));
    }
    assert.deepEqual(drive(run, [], numbers), { paused: ['1', '2'], result: 12 });
    assert.deepEqual(log, ['callee p']);
  });

  it('a method call reads the object once, then the method, then the arguments', () => {
    const log: string[] = [];
    const target = {
      get m() {
        log.push('get m');
        return function (this: unknown, x: number) {
          log.push(`call ${x} this=${this === target}`);
          return x + 1;
        };
      },
    };
    /** @greenlet */
    function obj() {
      log.push('obj');
      return target;
    }
    /** @greenlet */
    function run() {
      return obj().m(pause('5'));
    }
    assert.deepEqual(drive(run, [], (v) => (log.push(`pause ${v}`), numbers(v))).result, 6);
    assert.deepEqual(log, ['obj', 'get m', 'pause 5', 'call 5 this=true']);
  });

  it('?: && || ?? only evaluate the branch taken', () => {
    /** @greenlet */
    function run(flag: boolean, v: number | null) {
      const a = flag ? pause('then') : pause('else');
      const b = flag && pause('and');
      const c = flag || pause('or');
      const d = v ?? pause('nullish');
      return [a, b, c, d];
    }
    assert.deepEqual(drive(run, [true, 1]), { paused: ['then', 'and'], result: ['then', 'and', true, 1] });
    assert.deepEqual(drive(run, [false, null]), { paused: ['else', 'or', 'nullish'], result: ['else', false, 'or', 'nullish'] });
  });

  it('template literals, array and object literals, spread', () => {
    /** @greenlet */
    function run() {
      const t = `a${pause('1')}b${pause('2')}c`;
      const arr = [pause('3'), ...[pause('4'), 5], ...pause('xs')];
      const obj = { [pause('k')]: pause('6'), ...pause('o'), z: 1 };
      return { t, arr, obj };
    }
    const replies: Record<string, unknown> = { xs: [7, 8], k: 'key', o: { extra: true } };
    const run1 = drive(run, [], (v) => replies[v as string] ?? numbers(v));
    assert.deepEqual(run1.paused, ['1', '2', '3', '4', 'xs', 'k', '6', 'o']);
    assert.deepEqual(run1.result, { t: 'a1b2c', arr: [3, 4, 5, 7, 8], obj: { key: 6, extra: true, z: 1 } });
  });

  it('destructuring defaults only run for undefined, in order', () => {
    /** @greenlet */
    function run(src: { a?: number; b?: number; c?: number[] }) {
      const { a = pause('a') as number, b = pause('b') as number, c: [d = pause('d') as number] = [] } = src;
      let x: number, y: number;
      [x = pause('x'), y = pause('y')] = [undefined, 2];
      return [a, b, d, x, y];
    }
    assert.deepEqual(drive(run, [{ b: 9 }], numbers), { paused: ['a', 'd', 'x'], result: ['a', 9, 'd', 'x', 2] });
  });

  it('compound assignment reads the target before the right side suspends', () => {
    /** @greenlet */
    function run() {
      const o = { n: 1, s: 'x' };
      let k = 10;
      o.n += pause('5');
      k *= pause('3');
      o.s += pause('y');
      let u: number | undefined;
      u ??= pause('7');
      return [o.n, k, o.s, u];
    }
    assert.deepEqual(drive(run, [], numbers).result, [6, 30, 'xy', 7]);
  });

  it('optional chaining: g?.switch() and o.m?.() short-circuit', () => {
    const log: string[] = [];
    /** @greenlet */
    function run(g: Greenlet | undefined, o: { m?: (x: number) => number; inner?: { f(): number } } | null) {
      const a = g?.switch('via g');
      const b = o?.m?.(pause('arg'));
      const c = o?.inner?.f();
      log.push(`${a} ${b} ${c}`);
      return [a, b, c];
    }
    const driver = new Greenlet(() => {});
    // Without targets nothing runs, not even the arguments.
    assert.deepEqual(drive(run, [undefined, null]), { paused: [], result: [undefined, undefined, undefined] });
    // Greenlet#switch through ?.: switching to the parent (main) by calling its switch.
    const main = driver.parent!;
    const obj = {
      k: 100,
      m(this: { k: number }, x: number) {
        return this.k + x;
      },
      inner: {
        /** @greenlet */
        f() {
          return pause('f') as number;
        },
      },
    };
    const r = drive(run, [main, obj], (v) => (v === 'arg' ? 5 : v === 'f' ? 42 : 'reply'));
    assert.deepEqual(r.paused, ['via g', 'arg', 'f']);
    assert.deepEqual(r.result, ['reply', 105, 42]);
    assert.deepEqual(log, ['undefined undefined undefined', 'reply 105 42']);
  });

  it('a marked tag function of a tagged template suspends; its strings keep raw and identity per site', () => {
    const seen: TemplateStringsArray[] = [];
    /** @greenlet */
    function tag(strings: TemplateStringsArray, ...values: unknown[]) {
      seen.push(strings);
      return `${strings.raw.join('|')}:${values.join(',')}:${pause('tag')}`;
    }
    /** @greenlet */
    function run() {
      const out: string[] = [];
      for (let i = 0; i < 2; i++) out.push(tag`a${pause(`v${i}`)}b\n${i}c`);
      return out;
    }
    const r = drive(run);
    assert.deepEqual(r.paused, ['v0', 'tag', 'v1', 'tag']);
    assert.deepEqual(r.result, ['a|b\\n|c:v0,0:tag', 'a|b\\n|c:v1,1:tag']);
    assert.equal(seen[0], seen[1]); // the same site gives the same frozen strings array
    assert.ok(Object.isFrozen(seen[0]));
    assert.deepEqual([...seen[0]!], ['a', 'b\n', 'c']);
  });

  it('calls through function-typed values are resolved at run time', () => {
    type Step = (x: number) => number;
    /** @greenlet */
    const marked: Step = (x) => pause(x) + 1;
    const unmarked: Step = (x) => x * 2;
    /** @greenlet */
    function apply(fns: Step[], x: number) {
      const table: Record<string, Step> = { a: marked };
      return fns.map((f) => f.name).concat([String(fns[0]!(x)), String(fns[1]!(x)), String(table['a']!(x))]);
    }
    assert.deepEqual(drive(apply, [[marked, unmarked], 3]), { paused: [3, 3], result: ['marked', 'unmarked', '4', '6', '4'] });
  });

  it('f.call and f.apply of a marked function suspend with the given this', () => {
    /** @greenlet */
    function f(this: { k: number }, a: number, b: number) {
      return this.k + pause(a) + b;
    }
    /** @greenlet */
    function run() {
      return [f.call({ k: 100 }, 1, 2), f.apply({ k: 200 }, [3, 4])];
    }
    assert.deepEqual(drive(run), { paused: [1, 3], result: [103, 207] });
  });

  it('super calls and this inside a marked method', () => {
    class Base {
      base(x: number) {
        return `base ${x}`;
      }
    }
    class Derived extends Base {
      /** @greenlet */
      twice(x: number) {
        return [super.base(pause(x)), this.constructor.name];
      }
    }
    const d = new Derived();
    assert.deepEqual(drive(/** @greenlet */ () => d.twice(2)), { paused: [2], result: ['base 2', 'Derived'] });
  });
});
