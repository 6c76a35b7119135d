// Issue 17 item 2: which for-of loops of a marked function are lowered into suspending next()
// calls — by the rule for calls, applied to the iterator's next/return — on both build paths.
import { strict as assert } from 'node:assert';
import { compile } from './compile';
import { transform } from '../babel/transform';

// Each loop's body logs its label; the check finds the label and looks at the code before it.
const main = `import { Greenlet } from 'greenlet-ts';
import { Queue, iwait, Pool, type Spawned } from 'greenlet-ts/hub';
declare const g: Greenlet;
class Marked implements IterableIterator<number> {
  /** @greenlet */
  next(): IteratorResult<number> { return { done: false, value: g.switch() as number }; }
  [Symbol.iterator]() { return this; }
}
class Unmarked implements IterableIterator<number> {
  next(): IteratorResult<number> { return { done: true, value: undefined }; }
  [Symbol.iterator]() { return this; }
}
interface Custom { [Symbol.iterator](): { next(): IteratorResult<number> } }
function* plainGenerator() { yield 1; }
/** @greenlet */
export function run(xs: number[], s: string, m: Map<string, number>, it: Iterable<number>, q: Queue<number>, gs: Spawned<number>[], pool: Pool, anything: any, custom: Custom) {
  const log: string[] = [];
  for (const x of xs) log.push('plain: array');
  for (const x of [1, 2]) log.push('plain: array literal');
  for (const c of s) log.push('plain: string');
  for (const [k, v] of m) log.push('plain: map');
  for (const v of m.values()) log.push('plain: map values');
  for (const x of new Set(xs)) log.push('plain: set');
  for (const x of plainGenerator()) log.push('plain: generator');
  for (const x of Object.entries(m)) log.push('plain: Object.entries');
  for (const x of it) log.push('plain: Iterable of the standard library');
  for (const x of new Unmarked()) log.push('plain: unmarked next');
  for (const x of new Marked()) log.push('lowered: marked next');
  for (const x of q) log.push('lowered: Queue');
  for (const x of iwait(gs)) log.push('lowered: iwait');
  for (const x of pool.imap((n: number) => n, xs)) log.push('lowered: imap');
  for (const x of anything) log.push('lowered: any');
  for (const x of custom) log.push('lowered: an interface member of this program');
  return g.switch(log);
}
`;

/** For each label `'<verdict>: <what>'` of the twin: whether a lowered loop (a stepDone check) opens right before it. */
function loweredLoops(twin: string): Map<string, boolean> {
  const found = new Map<string, boolean>();
  const re = /'((?:plain|lowered): [^']*)'/g; // Babel emits log.push as a run-time checked call
  let last = 0;
  for (let m = re.exec(twin); m !== null; m = re.exec(twin)) {
    found.set(m[1]!, /stepDone\(/.test(twin.slice(last, m.index)));
    last = m.index;
  }
  return found;
}

function check(found: Map<string, boolean>, skip: (label: string) => boolean = () => false): void {
  const labels = [...main.matchAll(/log\.push\('([^']*)'\)/g)].map((m) => m[1]!);
  for (const label of labels) {
    if (skip(label)) continue;
    assert.equal(found.get(label), label.startsWith('lowered'), `${label}: ${found.get(label) ? 'lowered' : 'left a plain for-of'}`);
  }
}

describe('for-of: which loops are lowered', () => {
  before(function () {
    if (process.env.GREENLET_BACKEND === 'native') this.skip(); // compile-time output: checked once
  });

  it('TypeScript transformer: by the iterator type, as calls are classified', function () {
    this.timeout(60_000);
    const c = compile({ 'main.ts': main });
    assert.deepEqual(c.typescript, []);
    const js = c.out['main.js']!;
    const twin = js.slice(js.indexOf('__greenlet.twin(run'), js.indexOf('function run('));
    check(loweredLoops(twin));
  });

  it('Babel plugin: without types, only what is built right there is known plain', () => {
    const js = transform(main, '/p/main.ts');
    const at = js.indexOf('__greenlet.twin(run');
    const twin = js.slice(at, js.indexOf('function run(', at));
    const found = loweredLoops(twin);
    // Known plain without types: literals, builtin collections made there, builtin array makers, local generator functions.
    const provable = new Set(['plain: array literal', 'plain: set', 'plain: generator', 'plain: Object.entries']);
    for (const label of provable) assert.equal(found.get(label), false, label);
    // Everything else is checked at run time: lowered.
    check(found, (label) => provable.has(label) || label.startsWith('plain'));
    for (const [label, lowered] of found) if (!provable.has(label)) assert.ok(lowered, `${label} is lowered by Babel`);
  });
});
