// Ports of python-greenlet's thread tests (test_greenlet.py). Node threads are Workers, each
// with its own isolate: greenlets work in every Worker, independently of the others. Objects
// cannot be shared between Workers, so the tests that switch to another thread's greenlet
// have no counterpart (README.md).
import { strict as assert } from 'node:assert';
import { inWorker } from './support';

describe('upstream test_greenlet.py: threads (as Workers)', function () {
  // Starting Workers on a busy two-core machine can take a few seconds.
  this.timeout(30_000);

  it('test_threads', async () => {
    const reports = await Promise.all(Array.from({ length: 6 }, () => inWorker({ task: 'simple' })));
    assert.equal(reports.length, 6);
    // Each Worker chose its backend the same way the main thread did.
    for (const r of reports) assert.deepEqual(r, { backend: process.env.GREENLET_BACKEND ?? (r as { backend: string }).backend });
  });

  it('test_thread_bug (greenlets that block their Worker for a while)', async () => {
    const reports = await Promise.all([inWorker({ task: 'sleep', ms: 20 }), inWorker({ task: 'sleep', ms: 30 })]);
    assert.deepEqual(reports, ['slept', 'slept']);
  });
});
