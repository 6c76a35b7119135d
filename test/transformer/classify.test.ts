// Which calls inside a marked function become suspension points (DESIGN "Marking code"): marked
// callees and callees the checker cannot prove unmarked; everything provably unmarked stays a
// plain call. Checked on the emitted twin, one labelled call per line.
import { strict as assert } from 'node:assert';
import { compile, type Compiled } from './compile';

const lib = `/** @greenlet */
export declare function markedExt(): number;
export declare function plainExt(): number;
/** @greenlet */
export declare const markedConst: () => number;
export declare class Tool {
  /** @greenlet */
  run(): number;
  stop(): number;
}
`;

const main = `import { markedExt, plainExt, markedConst, Tool } from './lib.js';
interface Shape { area(): number }
abstract class Base { abstract step(): number; done() { return 1; } }
class A { m() { return 1; } }
class B { /** @greenlet */ m() { return 2; } }
function local() { return 1; }
/** @greenlet */
export function run(cb: () => number, anything: any, s: Shape, b: Base, t: Tool, ab: A | B, aa: A | A, xs: number[]) {
  const r: unknown[] = [];
  r.push(Math.max(1, 2)); // plain: Math.max
  r.push(xs.map((x) => x)); // plain: map
  r.push(JSON.stringify(xs)); // plain: JSON.stringify
  r.push(local()); // plain: local
  r.push(plainExt()); // plain: plainExt
  r.push(t.stop()); // plain: stop
  r.push(b.done()); // plain: done
  r.push(aa.m()); // plain: A.m
  r.push(markedExt()); // suspends: markedExt
  r.push(markedConst()); // suspends: markedConst
  r.push(t.run()); // suspends: run
  r.push(cb()); // suspends: cb
  r.push(anything()); // suspends: anything
  r.push(anything.method()); // suspends: method
  r.push(s.area()); // suspends: area
  r.push(b.step()); // suspends: step
  r.push(ab.m()); // suspends: A|B m
  return r;
}
`;

describe('transformer: which calls are suspension points', () => {
  let c: Compiled;
  before(function () {
    if (process.env.GREENLET_BACKEND === 'native') this.skip(); // compile-time output: checked once
    this.timeout(60_000);
    c = compile({ 'lib.d.ts': lib, 'main.ts': main });
    assert.deepEqual(c.typescript, []);
  });

  it('each labelled call in the twin is a yield exactly when it may suspend', () => {
    const js = c.out['main.js']!;
    const twin = js.slice(js.indexOf('__greenlet.twin(run'), js.indexOf('function run('));
    // The twin keeps the statements in order: the n-th r.push of the source is the n-th emitted.
    const emitted = twin.split('\n').filter((l) => l.includes('r.push('));
    const expected = main.split('\n').flatMap((l) => {
      const m = /r\.push\((.*)\); \/\/ (plain|suspends): (.*)$/.exec(l);
      return m === null ? [] : [{ call: m[1]!, suspends: m[2] === 'suspends', why: m[3]! }];
    });
    assert.equal(emitted.length, expected.length);
    expected.forEach((e, i) => {
      const yields = /\?\? __greenlet\.callable\(_f\w*\)\).* === __greenlet_call \? \(yield /.test(emitted[i]!);
      assert.equal(yields, e.suspends, `${e.call} (${e.why}) emitted as: ${emitted[i]!.trim()}`);
    });
  });

  it('a suspension point passes its arguments as written; a switch, or one whose arguments suspend, goes through call0, call1 or call', function () {
    this.timeout(60_000);
    const shapes = compile({
      'main.ts': `import { Greenlet } from 'greenlet-ts';
class Mine extends Greenlet {
  /** @greenlet */
  override switch(...xs: unknown[]): unknown { return super.switch(...xs); }
}
/** @greenlet */
export function run(g: Greenlet, f: (...xs: number[]) => number, xs: number[], m: Mine, a: any) {
  g.switch();
  g.switch(1);
  f(1, 2);
  f(...xs, 1);
  f(f(3));
  m.switch(2);
  a.switch(3);
  g.throw(new Error());
  return f();
}
`,
    });
    assert.deepEqual(shapes.typescript, []);
    const js = shapes.out['main.js']!;
    const twin = js.slice(js.indexOf('__greenlet.twin(run'), js.indexOf('}["run"]);'));
    // What each site calls its pick with (`.call(this, ...)` for a method), or the helper it goes through.
    const calls = [...twin.matchAll(/__greenlet\.callable\(_f\w*\)\)(\.call\(\w+(?:, [^)]*)?\)|\([^)]*\))|__greenlet\.(call[01]?)\(/g)].map((m) => m[1] ?? m[2]);
    assert.deepEqual(calls.map((c) => c?.replace(/_recv\w*/, '_recv')), [
      'call0', // Greenlet#switch, proven by the checker: the helper tests for a transfer first
      'call1',
      '(1, 2)',
      '(...xs, 1)',
      'call1', // an argument suspends
      '(3)',
      '.call(_recv, 2)', // a subclass's own switch: a marked method like any other
      '.call(_recv, 3)', // nothing known of the callee
      'call1',
      '()',
    ]);
    // Same expressions, same order: callee (receiver read once), this, the argument.
    assert.match(twin, /__greenlet\.call1\(\((\w+) = g\)\.switch, \1, 1\)/);
  });
});
