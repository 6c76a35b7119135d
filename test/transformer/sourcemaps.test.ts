// Issue 2 item 3: source maps of compiled output point at the original lines, for code inside
// twins too, so stack traces of the cps backend name the lines the user wrote.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { compile, decodeMappings, type Compiled } from './compile';

const source = `import { Greenlet, getcurrent } from 'greenlet-ts';

/** @greenlet */
export function work(x: number): number {
  const a = x + 1;
  const b: number = getcurrent().parent!.switch(a);
  if (b < 0) throw new Error('negative');
  return a + b;
}

const g = new Greenlet(work);
console.log(g.switch(1));
try {
  g.switch(-5);
} catch (e) {
  console.log((e as Error).stack!.split('\\n')[1]);
}
`;

describe('transformer: source maps', () => {
  let c: Compiled;
  let js: string[];
  let map: ReturnType<typeof decodeMappings>;
  before(function () {
    if (process.env.GREENLET_BACKEND === 'native') this.skip(); // compile-time output: checked once
    this.timeout(60_000);
    c = compile({ 'work.ts': source }, { sourceMap: true });
    assert.deepEqual(c.typescript, []);
    js = c.out['work.js']!.split('\n');
    map = decodeMappings(JSON.parse(c.out['work.js.map']!).mappings);
  });

  /** The original line (1-based) that generated line `i` (0-based) maps to at column `col`. */
  function originalLine(i: number, col: number): number {
    const segs = map[i]!.filter((s) => s.col <= col);
    assert.ok(segs.length > 0, `no mapping for ${js[i]}`);
    return segs[segs.length - 1]!.srcLine + 1;
  }

  it('a suspension point inside the twin maps to the line of the switch', () => {
    // A switch of a Greenlet: emitted through a helper (transformer/calls.ts isGreenletTransfer).
    const i = js.findIndex((l) => /__greenlet\.call[01]?\(.* === __greenlet_call \? \(yield /.test(l));
    assert.ok(i >= 0, 'the twin has a suspension point');
    assert.equal(originalLine(i, js[i]!.indexOf('yield')), 6);
    assert.equal(originalLine(i, js[i]!.indexOf('__greenlet.call')), 6);
  });

  it("the twin's other statements map to their own lines", () => {
    const twinStart = js.findIndex((l) => l.includes('__greenlet.twin(work'));
    const throwLine = js.findIndex((l, i) => i > twinStart && l.includes("throw new Error('negative')"));
    const ret = js.findIndex((l, i) => i > twinStart && l.includes('return a + b'));
    assert.equal(originalLine(twinStart, js[twinStart]!.indexOf('__greenlet')), 4);
    assert.equal(originalLine(throwLine, js[throwLine]!.indexOf('throw')), 7);
    assert.equal(originalLine(ret, js[ret]!.indexOf('return')), 8);
  });

  it('a stack trace from inside a twin names the original line (node --enable-source-maps)', function () {
    this.timeout(30_000);
    const r = spawnSync(process.execPath, ['--enable-source-maps', path.join(c.dir, 'out', 'work.js')], {
      encoding: 'utf8',
      env: { ...process.env, GREENLET_BACKEND: 'cps' },
    });
    assert.equal(r.status, 0, r.stderr);
    const [first, frame] = r.stdout.trim().split('\n');
    assert.equal(first, '2');
    assert.match(frame!, /work\.ts:7:\d+/);
  });
});
