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
`;

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
      [77001, 'bad.ts', 4],
      [77002, 'bad.ts', 6],
      [77003, 'bad.ts', 9],
      [77004, 'bad.ts', 11],
      [77005, 'bad.ts', 14],
      [77005, 'bad.ts', 16],
      [77005, 'bad.ts', 18],
    ]);
    const text = (line: number) => c.greenlet.find((d) => d.line === line)!.message;
    assert.match(text(4), /generator/);
    assert.match(text(6), /async/);
    assert.match(text(9), /constructor/);
    assert.match(text(11), /getter or setter/);
    assert.match(text(14), /'five' is not one/);
    assert.match(text(16), /class 'Marked'/);
    assert.match(text(18), /interface 'Shape'/);
  });

  it('warns about a switch in an unmarked callback inside a marked function, not in a marked one', () => {
    const warnings = c.greenlet.filter((d) => d.category === 'warning');
    assert.deepEqual(warnings.map((d) => [d.code, d.line]), [
      [77101, 21],
      [77101, 23],
    ]);
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
});
