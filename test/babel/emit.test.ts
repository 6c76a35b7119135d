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

/** Escapes `text` for a RegExp; `_r` and `_f` may carry a number suffix (`_r2`). */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\b(_r|_f)\b/g, '$1\\d*');

/**
 * A suspension point as the plugin emits it (transformer/shared/names.ts CALL_HELPER): `callee`
 * picked (its twin, its transfer or itself), then `call` applied to it, e.g. `(3)` or `.call(g, a)`.
 */
function site(callee: string, call: string, ns = '__greenlet'): RegExp {
  return new RegExp(
    literal(
      `(_r = ((_f = ${callee})?.[${ns}_twin] ?? _f?.[${ns}_transfer] ?? ${ns}.callable(_f))${call}, _f[${ns}_twin] !== void 0) ? ` +
        `(_f = _r, (_r = _r.next()).done === true) ? _r.value : yield ${ns}.suspend(_f, _r.value) : _r === ${ns}_call ? yield _r : _r`,
    ),
  );
}

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
    assert.match(twin, site('marked', '(3)'));
    assert.match(twin, site('imported', '(4)'));
    assert.match(twin, site('cb', '(5)'));
    assert.match(twin, site('xs.push', '.call(xs, a)'));
    assert.match(twin, new RegExp(`return ${site('g.switch', '.call(g, b)').source};`));
  });

  it('passes the arguments as written (spreads too), and through call0, call1 or call when one suspends', () => {
    const js = transform(
      'declare const g: any;\n/** @greenlet */\nexport function f(xs: number[]) {\n  g.switch();\n  g.m(1, 2);\n  g.m(...xs);\n  g.m(g.switch(1));\n  g.m(g.switch(1), 2);\n}\n',
      '/p/arity.ts',
    );
    assert.match(js, new RegExp(`${site('g.switch', '.call(g)').source};`));
    assert.match(js, site('g.m', '.call(g, 1, 2)'));
    assert.match(js, site('g.m', '.call(g, ...xs)'));
    // The inner site would overwrite the outer one's temporaries between their write and read.
    assert.match(js, new RegExp(literal('(_r = __greenlet.call1(g.m, g, ') + site('g.switch', '.call(g, 1)').source + literal(')) === __greenlet_call ? yield _r : _r;')));
    assert.match(js, new RegExp(literal('(_r = __greenlet.call(g.m, g, [') + site('g.switch', '.call(g, 1)').source + literal(', 2])) === __greenlet_call ? yield _r : _r;')));
  });

  it('imports the protocol, and preset-typescript does not elide the import', () => {
    assert.match(out, /^import \* as __greenlet from "greenlet-ts\/protocol";/m);
    const cjs = transform(source, '/p/calls.ts', { plugins: [require.resolve('greenlet-ts/babel'), require.resolve('@babel/plugin-transform-modules-commonjs')] });
    assert.match(cjs, /require\("greenlet-ts\/protocol"\)/);
  });

  it('uses require in a CommonJS script, and a fresh name when __greenlet is taken', () => {
    const js = transform("'use strict';\nconst __greenlet = 1;\n/** @greenlet */\nfunction f(g) { g.switch(__greenlet); }\nmodule.exports = f;\n", '/p/script.js');
    assert.match(js, /^'use strict';\n\nconst __greenlet_1 = require\("greenlet-ts\/protocol"\);\nconst __greenlet_1_twin = __greenlet_1\.TWIN,\n {2}__greenlet_1_transfer = __greenlet_1\.TRANSFER,\n {2}__greenlet_1_call = __greenlet_1\.CALL;/);
    assert.match(js, new RegExp(literal('__greenlet_1.twin(f, {\n  "f": function* (g) {\n    var _r, _f;\n    ') + site('g.switch', '.call(g, __greenlet)', '__greenlet_1').source + ';'));
  });

  it('calls a marked function that never suspends plainly (it gets no twin), as the TypeScript transformer does', () => {
    const js = transform('/** @greenlet */\nfunction leaf(i) { return i + 1; }\n/** @greenlet */\nfunction f(g) { return g.switch(leaf(1)); }\n', '/p/leaf.js');
    assert.doesNotMatch(js, /twin\(leaf/);
    assert.match(js, site('g.switch', '.call(g, leaf(1))'));
  });

  it('a tag on an overload signature marks the implementation', () => {
    const ts = transform("/** @greenlet */\nexport function over(x: number): number;\nexport function over(x: any) { return x.switch(); }\n", '/p/over.ts');
    assert.match(ts, new RegExp(literal('__greenlet.twin(over, {\n  "over": function* (x) {\n    var _r, _f;\n    return ') + site('x.switch', '.call(x)').source + ';'));
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
    assert.equal(original(/_f = g\.switch\)/), 5);
    assert.equal(original(/^ {2}return a;/), 6);
  });

  it('leaves a file without marks as it is', () => {
    const plain = 'export function f(g: { switch(): void }) { g.switch(); }\n';
    assert.doesNotMatch(transform(plain, '/p/plain.ts'), /greenlet/);
  });
});
