// Issue 7 item 3: greenlet-ts/babel reports what the TypeScript transformer reports — same codes,
// same texts — through Babel's conventions: an error is a thrown code-frame error naming the
// file and showing the line; a warning goes to console.warn as "file: warning ... (line:col)".
import { strict as assert } from 'node:assert';
import { compile, type Compiled } from '../transformer/compile';
import { transform, transformCatching, withWarnings } from './transform';

/** Each case is a file on its own: Babel stops at the first error. `line` is the tagged thing's. */
const errorCases: { name: string; code: number; line: number; source: string }[] = [
  { name: 'a generator', code: 77001, line: 2, source: '/** @greenlet */\nfunction* gen() { yield 1; }\n' },
  { name: 'an async function', code: 77002, line: 2, source: '/** @greenlet */\nasync function later() { await null; }\n' },
  { name: 'a constructor', code: 77003, line: 3, source: 'class C {\n  /** @greenlet */\n  constructor() {}\n}\n' },
  { name: 'a getter', code: 77004, line: 3, source: 'class C {\n  /** @greenlet */\n  get value() { return 1; }\n}\n' },
  { name: 'a variable that is not a function', code: 77005, line: 2, source: '/** @greenlet */\nconst five = 5;\n' },
  { name: 'a class', code: 77005, line: 3, source: '\n/** @greenlet */\nclass Marked {}\n' },
  { name: 'an interface', code: 77005, line: 2, source: '/** @greenlet */\ninterface Shape { area(): number }\n' },
  {
    name: 'an arrow that writes a super property',
    code: 77007,
    line: 5,
    source: 'class B { x = 1; }\nclass C extends B {\n  m() {\n    /** @greenlet */\n    const f = () => { super.x = (0 as any).switch(); };\n    return f;\n  }\n}\n',
  },
];

describe('babel plugin: diagnostics', () => {
  let ts: Compiled;
  before(function () {
    // Compile-time checks do not depend on the backend: run them once, on cps.
    if (process.env.GREENLET_BACKEND === 'native') this.skip();
    this.timeout(60_000);
    // The TypeScript transformer on the same sources, to compare texts with.
    ts = compile(Object.fromEntries(errorCases.map((c, i) => [`case${i}.ts`, `${c.source}export {};\n`])));
  });

  for (const [i, c] of errorCases.entries()) {
    it(`an error for a tag on ${c.name}, with file, line and the TypeScript transformer's text`, () => {
      const error = transformCatching(c.source, `/project/src/case${i}.ts`);
      assert.ok(error, 'no error was thrown');
      const first = error.message.split('\n')[0]!;
      assert.ok(first.startsWith(`/project/src/case${i}.ts: greenlet-ts ${c.code}: `), first);
      // Babel's code frame marks the line with '>'.
      assert.match(error.message, new RegExp(`^> ${c.line} \\|`, 'm'));
      const expected = ts.greenlet.find((d) => d.file === `case${i}.ts`);
      assert.ok(expected, `the TypeScript transformer reported nothing for case${i}.ts`);
      assert.equal(expected.code, c.code);
      assert.equal(expected.line, c.line);
      assert.equal(first.slice(`/project/src/case${i}.ts: greenlet-ts ${c.code}: `.length), expected.message);
    });
  }

  it('errors in plain JavaScript too', () => {
    const error = transformCatching('const a = 1;\n/** @greenlet */\nlet b = a + 1;\n', '/project/plain.js');
    assert.ok(error);
    assert.match(error.message, /^\/project\/plain\.js: greenlet-ts 77005: @greenlet marks functions, and 'b' is not one\./);
    assert.match(error.message, /^> 3 \|/m);
  });

  it('errors for a marked method with a computed name and a private method of an anonymous class', () => {
    const computed = transformCatching('const k = "m";\nclass C {\n  /** @greenlet */\n  [k]() {}\n}\n', '/p/a.ts');
    assert.match(computed?.message ?? '', /greenlet-ts 77005: .*a method with a computed name/);
    const anonymous = transformCatching('export const C = class {\n  /** @greenlet */\n  #m() { (0 as any).switch(); }\n};\n', '/p/b.ts');
    assert.match(anonymous?.message ?? '', /greenlet-ts 77006: @greenlet on the private method '#m' needs a named class/);
  });

  it('accepts tags on declarations without bodies (interface members, declare function, overloads)', () => {
    const source = `export interface Step { /** @greenlet */ step(): void; /** @greenlet */ cb: () => void }
/** @greenlet */
export declare function external(): void;
/** @greenlet */
export function over(x: number): number;
export function over(x: number) { return x; }
`;
    const { warnings } = withWarnings(() => transform(source, '/p/ok.ts'));
    assert.deepEqual(warnings, []);
  });

  it('warns about a switch in an unmarked callback inside a marked function, not in a marked one', function () {
    this.timeout(60_000); // the TypeScript transformer's program, for comparison
    const source = `import { Greenlet } from 'greenlet-ts';
declare const g: Greenlet;
/** @greenlet */
function marked() { return g.switch(); }
/** @greenlet */
export function outer(xs: number[]) {
  xs.forEach((x) => g.switch(x));
  xs.forEach(/** @greenlet */ (x) => g.switch(x));
  xs.forEach(() => marked());
  return xs.map(function (x) { return [x].map(() => g.throw()); });
}
export function unmarked() { [1].forEach(() => g.switch()); }
`;
    const { warnings } = withWarnings(() => transform(source, '/project/src/cb.ts'));
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings[0]!, /^\/project\/src\/cb\.ts: warning greenlet-ts 77101: 'g\.switch' can switch greenlets, .*cps backend this callback cannot suspend.* \(7:21\)$/);
    assert.match(warnings[1]!, /'marked' can switch greenlets.* \(9:20\)$/);
    assert.match(warnings[2]!, /'g\.throw' .* \(10:53\)$/);
    // The same texts as the TypeScript transformer's warning.
    const tsWarning = compile({ 'cb.ts': source }).greenlet.find((d) => d.category === 'warning' && d.line === 7);
    assert.ok(tsWarning);
    assert.ok(warnings[0]!.includes(`greenlet-ts ${tsWarning.code}: ${tsWarning.message} (`), `${warnings[0]}\nvs\n${tsWarning.message}`);
  });
});
