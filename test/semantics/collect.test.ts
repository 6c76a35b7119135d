// DESIGN.md "Semantics": a suspended greenlet that becomes unreachable gets GreenletExit thrown in.
import { strict as assert } from 'node:assert';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';

function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  // Turning the flag on late still gives new contexts a `gc` function.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Suspends inside try/finally in `main`, logging how it was resumed.
 * @greenlet
 */
function suspendLogging(main: Greenlet, log: unknown[]): void {
  try {
    main.switch('suspended');
    log.push('resumed normally');
  } catch (e) {
    log.push(e instanceof GreenletExit ? 'GreenletExit' : e);
    throw e;
  } finally {
    log.push('finally');
  }
}

/**
 * Starts a greenlet that suspends inside try/finally, and drops every reference to it. Its run
 * is a plain function (called with `this` undefined, so its frame does not hold the greenlet) or
 * an arrow calling one.
 */
function suspendAndDrop(log: unknown[], run: 'function' | 'arrow'): void {
  const main = getcurrent();
  const g =
    run === 'function'
      ? new Greenlet(suspendLogging)
      : new Greenlet(/** @greenlet */ (m: Greenlet, l: unknown[]) => suspendLogging(m, l));
  assert.equal(g.switch(main, log), 'suspended');
}

describe('unreachable suspended greenlets', () => {
  for (const run of ['function', 'arrow'] as const) {
    it(`get GreenletExit thrown in, so their finally blocks run (run: a plain ${run})`, async () => {
      const gc = collector();
      const log: unknown[] = [];
      suspendAndDrop(log, run);
      assert.deepEqual(log, [], 'nothing happens while it may still be reachable');
      // The finalization callback runs as a task after the collection that noticed it.
      for (let i = 0; i < 20 && log.length < 2; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.deepEqual(log, ['GreenletExit', 'finally']);
      assert.equal(getcurrent().parent, null, 'back in the main greenlet');
    });
  }

  it('a suspended greenlet that is still referenced is left alone', async () => {
    const gc = collector();
    const log: unknown[] = [];
    const main = getcurrent();
    const kept = new Greenlet(
      /** @greenlet */ () => {
        try {
          return main.switch();
        } finally {
          log.push('finally');
        }
      },
    );
    kept.switch();
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(log, []);
    assert.equal(kept.switch('resumed'), 'resumed');
    assert.deepEqual(log, ['finally']);
  });
});
