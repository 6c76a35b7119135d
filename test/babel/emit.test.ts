// What greenlet-ts/babel emits without type information (issue 7 item 2): which calls in a
// marked function become suspension points, and the protocol import surviving preset-typescript.
import { strict as assert } from 'node:assert';
import * as babel from '@babel/core';
import { decodeMappings } from '../transformer/compile';
import { transform } from './transform';

const source = `import { Greenlet } from 'greenlet-ts';
declare const g: Greenlet;
declare function imported(x: number): number;
function helper(x: number) { return x + 1; }
const arrow = (x: number) => x * 2;
/** @greenlet */
function marked(x: number) { return g.switch(x); }
/** @greenlet */
export function body(xs: number[], cb: (x: number) => number) {
  console.log(Math.max(...xs), JSON.stringify(xs), Object.keys(xs).length);
  const a = helper(1) + arrow(2);
  const b = marked(3) + imported(4) + cb(5);
  xs.push(a);
  return g.switch(b);
}
`;

describe('babel plugin: suspension points without types', () => {
  let out: string;
  before(function () {
    if (process.env.GREENLET_BACKEND === 'native') this.skip();
    out = transform(source, '/p/calls.ts');
  });

  const twinOf = (name: string) => {
    const at = out.indexOf(`__greenlet.twin(${name}, {\n  "${name}": function* `);
    assert.ok(at >= 0, `no twin for ${name} in\n${out}`);
    return out.slice(at, out.indexOf('\n});', at));
  };

  it('keeps calls of global builtins and of functions declared unmarked in the file plain', () => {
    const twin = twinOf('body');
    assert.match(twin, /console\.log\(Math\.max\(\.\.\.xs\), JSON\.stringify\(xs\), Object\.keys\(xs\)\.length\)/);
    assert.match(twin, /const a = helper\(1\) \+ arrow\(2\);/);
  });

  it('makes marked, imported, parameter and method calls suspension points, and switch always', () => {
    const twin = twinOf('body');
    // One argument: call1, which passes it without an array.
    assert.match(twin, /\(_r\d* = __greenlet\.call1\(marked, void 0, 3\)\) === __greenlet\.CALL \? yield _r\d* : _r\d*/);
    assert.match(twin, /= __greenlet\.call1\(imported, void 0, 4\)\) === __greenlet\.CALL/);
    assert.match(twin, /= __greenlet\.call1\(cb, void 0, 5\)\) === __greenlet\.CALL/);
    assert.match(twin, /= __greenlet\.call1\(xs\.push, xs, a\)\) === __greenlet\.CALL/);
    assert.match(twin, /return \(_r\d* = __greenlet\.call1\(g\.switch, g, b\)\) === __greenlet\.CALL \? yield _r\d* : _r\d*;/);
  });

  it('passes no or one argument without an array (call0, call1), others and spreads in one (call)', () => {
    const js = transform(
      'declare const g: any;\n/** @greenlet */\nexport function f(xs: number[]) {\n  g.switch();\n  g.m(1, 2);\n  g.m(...xs);\n}\n',
      '/p/arity.ts',
    );
    assert.match(js, /\(_r = __greenlet\.call0\(g\.switch, g\)\) === __greenlet\.CALL \? yield _r : _r;/);
    assert.match(js, /\(_r = __greenlet\.call\(g\.m, g, \[1, 2\]\)\) === __greenlet\.CALL/);
    assert.match(js, /\(_r = __greenlet\.call\(g\.m, g, \[\.\.\.xs\]\)\) === __greenlet\.CALL/);
  });

  it('imports the protocol, and preset-typescript does not elide the import', () => {
    assert.match(out, /^import \* as __greenlet from "greenlet-ts\/protocol";/m);
    const cjs = transform(source, '/p/calls.ts', { plugins: [require.resolve('greenlet-ts/babel'), require.resolve('@babel/plugin-transform-modules-commonjs')] });
    assert.match(cjs, /require\("greenlet-ts\/protocol"\)/);
  });

  it('uses require in a CommonJS script, and a fresh name when __greenlet is taken', () => {
    const js = transform("'use strict';\nconst __greenlet = 1;\n/** @greenlet */\nfunction f(g) { g.switch(__greenlet); }\nmodule.exports = f;\n", '/p/script.js');
    assert.match(js, /^'use strict';\n\nconst __greenlet_1 = require\("greenlet-ts\/protocol"\);/);
    assert.match(js, /__greenlet_1\.twin\(f, \{\n {2}"f": function\* \(g\) \{\n {4}var _r;\n {4}\(_r = __greenlet_1\.call1\(g\.switch, g, __greenlet\)\) === __greenlet_1\.CALL \? yield _r : _r;/);
  });

  it('calls a marked function that never suspends plainly (it gets no twin), as the TypeScript transformer does', () => {
    const js = transform('/** @greenlet */\nfunction leaf(i) { return i + 1; }\n/** @greenlet */\nfunction f(g) { return g.switch(leaf(1)); }\n', '/p/leaf.js');
    assert.doesNotMatch(js, /twin\(leaf/);
    assert.match(js, /= __greenlet\.call1\(g\.switch, g, leaf\(1\)\)\) === __greenlet\.CALL/);
  });

  it('a tag on an overload signature marks the implementation', () => {
    const ts = transform("/** @greenlet */\nexport function over(x: number): number;\nexport function over(x: any) { return x.switch(); }\n", '/p/over.ts');
    assert.match(ts, /__greenlet\.twin\(over, \{\n {2}"over": function\* \(x\) \{\n {4}var _r;\n {4}return \(_r = __greenlet\.call0\(x\.switch, x\)\) === __greenlet\.CALL \? yield _r : _r;/);
  });

  it('maps a twin\'s lines to the original lines (source maps)', () => {
    const src = "declare const g: any;\n/** @greenlet */\nexport function f() {\n  const a = 1;\n  g.switch(a);\n  return a;\n}\n";
    const r = babel.transformSync(src, {
      filename: '/p/map.ts',
      babelrc: false,
      configFile: false,
      sourceMaps: true,
      presets: [require.resolve('@babel/preset-typescript')],
      plugins: [require.resolve('greenlet-ts/babel')],
    })!;
    const lines = r.code!.split('\n');
    const mappings = decodeMappings(r.map!.mappings);
    const original = (pattern: RegExp) => {
      const at = lines.findIndex((l) => pattern.test(l));
      assert.ok(at >= 0, `no line matching ${pattern} in\n${r.code}`);
      return mappings[at]![0]!.srcLine + 1;
    };
    assert.equal(original(/= __greenlet\.call1\(g\.switch/), 5);
    assert.equal(original(/^ {2}return a;/), 6);
  });

  it('leaves a file without marks as it is', () => {
    const plain = 'export function f(g: { switch(): void }) { g.switch(); }\n';
    assert.doesNotMatch(transform(plain, '/p/plain.ts'), /greenlet/);
  });
});
