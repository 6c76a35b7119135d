// Emitted code works when the user's project emits ES modules: the protocol is imported as a
// namespace (`import * as __greenlet from "greenlet-ts/protocol"`), which Node resolves through
// the package's exports from an ES module as well.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { compile } from './compile';

describe('transformer: ES module output', () => {
  it('a marked function declaration, arrow and method run on cps from an ES module', function () {
    if (process.env.GREENLET_BACKEND === 'native') this.skip(); // the emitted form is what is tested
    this.timeout(60_000);
    const c = compile(
      {
        'package.json': '{ "type": "module" }',
        'main.ts': `import { Greenlet, getcurrent } from 'greenlet-ts';
/** @greenlet */
function ping(x: number): number { return getcurrent().parent!.switch(x) * 2; }
/** @greenlet */
const twice = (x: number) => ping(x) + ping(x + 1);
class Box { /** @greenlet */ run(x: number) { return twice(x); } }
const g = new Greenlet(/** @greenlet */ (x: number) => new Box().run(x));
const seen = [g.switch(1), g.switch(10), g.switch(20)];
console.log(JSON.stringify(seen), g.dead);
`,
      },
      { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
    );
    assert.deepEqual(c.typescript, []);
    assert.match(c.out['main.js']!, /^import \* as __greenlet from "greenlet-ts\/protocol";$/m);
    fs.writeFileSync(path.join(c.dir, 'out', 'package.json'), '{ "type": "module" }');
    const r = spawnSync(process.execPath, [path.join(c.dir, 'out', 'main.js')], { encoding: 'utf8', env: { ...process.env, GREENLET_BACKEND: 'cps' } });
    assert.equal(r.stderr, '');
    // ping(1) pauses with 1, gets 10 → 20; ping(2) pauses with 2, gets 20 → 40; run returns 60.
    assert.equal(r.stdout, '[1,2,60] true\n');
  });
});
