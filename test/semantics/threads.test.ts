// DESIGN.md "Semantics": greenlets belong to the thread (main thread or Worker) that created them.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Greenlet, backend, getcurrent } from 'greenlet-ts';

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
});
