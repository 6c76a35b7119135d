// DESIGN.md "Semantics": greenlets belong to the thread (main thread or Worker) that created them.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Greenlet, GreenletError, backend, getcurrent } from 'greenlet-ts';

/**
 * A second, independent copy of greenlet-ts in this thread. Greenlet objects cannot be sent to
 * another thread (postMessage clones them into plain objects), so a greenlet of another copy,
 * which has a thread state of its own, is how the "not this thread's greenlet" check is reached.
 */
function secondCopy(): typeof import('greenlet-ts') {
  const dist = path.resolve(path.dirname(require.resolve('greenlet-ts')), '..') + path.sep;
  const saved = new Map<string, NodeModule | undefined>();
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(dist) && key.endsWith('.js')) {
      saved.set(key, require.cache[key]);
      delete require.cache[key];
    }
  }
  try {
    return require('greenlet-ts');
  } finally {
    for (const [key, mod] of saved) require.cache[key] = mod;
  }
}

describe('threads', () => {
  it('a Worker has its own main greenlet and runs its own greenlets, while ours stay suspended', async () => {
    const main = getcurrent();
    const ours = new Greenlet(
      /** @greenlet */ () => main.switch('ours suspended') + ' and finished',
    );
    assert.equal(ours.switch(), 'ours suspended');
    const worker = new Worker(path.join(__dirname, 'helpers', 'worker-body.js'));
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    const message = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const exitCode = await exited;
    assert.deepEqual(message, {
      first: 2,
      second: 20,
      dead: true,
      backend,
      mainIsCurrent: true,
      mainHasNoParent: true,
    });
    assert.equal(exitCode, 0);
    assert.equal(getcurrent(), main);
    assert.equal(ours.switch('ours'), 'ours and finished');
  });

  it("a greenlet of another thread state is refused with GreenletError, and left untouched", () => {
    const other = secondCopy();
    assert.notEqual(other.Greenlet, Greenlet, 'a separate copy was loaded');
    assert.notEqual(other.getcurrent(), getcurrent(), 'with a main greenlet of its own');
    let ran = false;
    const foreign = new other.Greenlet(() => {
      ran = true;
    });
    assert.throws(() => Greenlet.prototype.switch.call(foreign), GreenletError);
    assert.throws(() => Greenlet.prototype.throw.call(foreign, new Error('x')), GreenletError);
    assert.equal(ran, false);
    assert.equal(foreign.started, false);
    assert.equal(getcurrent().started, true);
  });

  it("a marked function switching to another copy's greenlet calls that copy's switch plainly (cps: not this copy's transfer)", () => {
    const other = secondCopy();
    // The other copy has run a greenlet: on cps its trampoline has given its switch a transfer.
    assert.equal(new other.Greenlet(() => 1).switch(), 1);
    const foreign = new other.Greenlet(() => 2);
    // Untyped, so the call is emitted as a site (a typed Greenlet#switch goes through call0).
    const untyped: any = foreign;
    const run = /** @greenlet */ () => untyped.switch();
    if (backend === 'native') {
      // Native refuses greenlets of two copies nested on one thread, with what to do.
      assert.throws(() => new Greenlet(run).switch(), /two copies cannot be nested/);
      return;
    }
    // A greenlet of the other copy, started from plain code of it: 2, its result.
    assert.equal(new Greenlet(run).switch(), 2);
    assert.equal(foreign.dead, true);
  });
});
