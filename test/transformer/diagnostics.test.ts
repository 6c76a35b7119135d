// Issue 2 item 4: compile errors for @greenlet where it cannot mark anything, and a warning
// for switches inside unmarked callbacks nested in marked functions — each with file and line.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile, root, tempDir, type Compiled } from './compile';

const bad = `import { Greenlet } from 'greenlet-ts';
declare const g: Greenlet;
/** @greenlet */
function* gen() { yield 1; }
/** @greenlet */
async function later() { await null; }
class C {
  /** @greenlet */
  constructor() {}
  /** @greenlet */
  get value() { return 1; }
}
/** @greenlet */
const five = 5;
/** @greenlet */
class Marked {}
/** @greenlet */
interface Shape { area(): number }
/** @greenlet */
function outer(xs: number[]) {
  xs.forEach((x) => g.switch(x));
  xs.forEach(/** @greenlet */ (x) => g.switch(x));
  return xs.map(function (x) { return [x].map(() => g.throw()); });
}
export { gen, later, C, five, Marked, outer };
export type { Shape };
export const Anonymous = class {
  /** @greenlet */
  #hidden() { return g.switch(); }
  /** @greenlet */
  ['comp' + 'uted']() { return g.switch(); }
  run() { return this.#hidden(); }
};
/** @greenlet */
export function tagUser(xs: string[]) {
  return xs.map((x) => tagged\`<\${x}>\`);
}
/** @greenlet */
function tagged(s: TemplateStringsArray, ...v: unknown[]) { return g.switch(s, v); }
class Ticks { /** @greenlet */ next(): IteratorResult<number> { return { done: false, value: g.switch() as number }; } [Symbol.iterator]() { return this; } }
/** @greenlet */
export function loopUser(xs: number[]) {
  xs.forEach(() => { for (const t of new Ticks()) break; });
  for (const t of new Ticks()) break;
}
class SuperBase { set x(_v: number) {} }
export class SuperUser extends SuperBase {
  m() { /** @greenlet */ const f = () => { super.x = g.switch(); }; return f; }
}
`;

/** The 1-based line of the first line of `bad` holding `text`. */
const lineOf = (text: string) => bad.split('\n').findIndex((l) => l.includes(text)) + 1;

const ok = `export interface Step { /** @greenlet */ step(): void; /** @greenlet */ cb: () => void }
/** @greenlet */
export declare function external(): void;
/** @greenlet */
export function over(x: number): number;
export function over(x: number) { return x; }
`;

describe('transformer: diagnostics', () => {
  let c: Compiled;
  before(function () {
    // Compile-time checks do not depend on the backend: run them once, on cps.
    if (process.env.GREENLET_BACKEND === 'native') this.skip();
    this.timeout(60_000); // one program for all: creating it is the slow part
    c = compile({ 'bad.ts': bad, 'ok.ts': ok });
  });

  it('errors say what is wrong, where, and what to do', () => {
    assert.deepEqual(c.typescript, []);
    const errors = c.greenlet.filter((d) => d.category === 'error').map((d) => [d.code, d.file, d.line]);
    assert.deepEqual(errors, [
      [77001, 'bad.ts', lineOf('function* gen')],
      [77002, 'bad.ts', lineOf('async function later')],
      [77003, 'bad.ts', lineOf('constructor()')],
      [77004, 'bad.ts', lineOf('get value()')],
      [77005, 'bad.ts', lineOf('const five')],
      [77005, 'bad.ts', lineOf('class Marked')],
      [77005, 'bad.ts', lineOf('interface Shape')],
      [77006, 'bad.ts', lineOf('#hidden() {')],
      [77005, 'bad.ts', lineOf("['comp' + 'uted']")],
      [77007, 'bad.ts', lineOf('super.x = g.switch()')],
    ]);
    assert.equal(lineOf('function* gen'), 4);
    const text = (line: number) => c.greenlet.find((d) => d.line === line)!.message;
    assert.match(text(4), /generator/);
    assert.match(text(6), /async/);
    assert.match(text(9), /constructor/);
    assert.match(text(11), /getter or setter/);
    assert.match(text(14), /'five' is not one/);
    assert.match(text(16), /class 'Marked'/);
    assert.match(text(18), /interface 'Shape'/);
    assert.match(text(lineOf('#hidden() {')), /give this class expression a name/);
    assert.match(text(lineOf("['comp' + 'uted']")), /computed name/);
  });

  it('warns about a switch in an unmarked callback inside a marked function, not in a marked one', () => {
    const warnings = c.greenlet.filter((d) => d.category === 'warning');
    assert.deepEqual(warnings.map((d) => [d.code, d.line]), [
      [77101, lineOf('xs.forEach((x) => g.switch(x))')],
      [77101, lineOf('[x].map(() => g.throw())')],
      [77101, lineOf('tagged`<${x}>`')],
      [77101, lineOf('xs.forEach(() => { for (const t of new Ticks())')],
    ]);
    assert.match(warnings[3]!.message, /'new Ticks\(\)\[Symbol\.iterator\]\(\)\.next' can switch/);
    assert.match(warnings[0]!.message, /'g\.switch'.*cps backend this callback cannot suspend.*\/\*\* @greenlet \*\/.*native backend/);
  });

  it('accepts tags on declarations without bodies (interface members, declare function, overloads)', () => {
    assert.deepEqual(c.greenlet.filter((d) => d.file === 'ok.ts'), []);
  });

  it('tspc reports the error with file and line and exits non-zero', function () {
    this.timeout(60_000);
    const dir = tempDir('tspc-');
    fs.writeFileSync(path.join(dir, 'bad.ts'), '/** @greenlet */\nexport const notAFunction = 1;\n');
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'node16', strict: true, types: [], outDir: 'out', plugins: [{ transform: path.join(root, 'dist', 'transformer', 'index.js') }] },
        files: ['bad.ts'],
      }),
    );
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'ts-patch', 'bin', 'tspc.js'), '-p', dir], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /bad\.ts\(2,\d+\): error TS77005: @greenlet marks functions, and 'notAFunction' is not one/);
  });

  it('tspc prints a warning with file and line and still succeeds; "warnings": "diagnostics" makes it fail', function () {
    this.timeout(60_000);
    const dir = tempDir('tspc-');
    fs.writeFileSync(
      path.join(dir, 'warn.ts'),
      "import { Greenlet } from 'greenlet-ts';\n/** @greenlet */\nexport function each(g: Greenlet, xs: number[]) {\n  xs.forEach((x) => g.switch(x));\n}\n",
    );
    const tspc = (warnings?: string) => {
      const plugin = { transform: path.join(root, 'dist', 'transformer', 'index.js'), ...(warnings ? { warnings } : {}) };
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'node16', strict: true, types: [], rootDir: '.', outDir: 'out', plugins: [plugin] }, files: ['warn.ts'] }),
      );
      return spawnSync(process.execPath, [path.join(root, 'node_modules', 'ts-patch', 'bin', 'tspc.js'), '-p', dir], { cwd: root, encoding: 'utf8' });
    };
    const lenient = tspc();
    assert.equal(lenient.status, 0, lenient.stdout + lenient.stderr);
    assert.match(lenient.stderr, /warn\.ts\(4,\d+\): warning TS77101: .*cps backend this callback cannot suspend/);
    assert.ok(fs.existsSync(path.join(dir, 'out', 'warn.js')));
    const strict = tspc('diagnostics');
    assert.equal(strict.status, 2);
    assert.match(strict.stdout, /warn\.ts\(4,\d+\): warning TS77101/);
  });
});
