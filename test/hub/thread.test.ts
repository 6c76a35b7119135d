// greenlet-ts/hub in a Worker: every thread has its own hub (its main greenlet).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

describe('hub: Worker threads', () => {
  it('a Worker’s greenlets wait and wake on the Worker’s own event loop', async () => {
    const worker = new Worker(path.join(__dirname, 'worker-body.js'));
    try {
      const message = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      assert.deepEqual(message, [undefined, 'from a promise']);
    } finally {
      await worker.terminate();
    }
  });
});
