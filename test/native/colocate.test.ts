/**
 * Colocation (GREENLET_COLOCATE, on by default): a switch pins the target greenlet's thread to
 * the CPU of the thread handing over, so the two never need two CPUs; Node's own thread is
 * never pinned. Seen from outside, in /proc: which threads may run on one CPU only.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { describeRun, nativeOnly, runChild, runNode } from './helpers';

interface Seen {
  pinned: string[];
  mainAllowed: string;
  main: number;
}

describe('native: colocation of switching threads', function () {
  this.timeout(60_000);
  before(function () {
    nativeOnly(this);
    // Pinning shows only where threads could run elsewhere, and /proc says so only on Linux.
    if (!fs.existsSync('/proc/thread-self/stat') || os.availableParallelism() < 2) this.skip();
  });

  async function seen(env: Record<string, string | undefined>): Promise<Seen> {
    const r = await runChild('colocate', [], { env });
    assert.equal(r.code, 0, describeRun(r));
    return JSON.parse(r.stdout) as Seen;
  }

  it("pins the greenlet's thread, and only it, to the CPU main switched from", async function () {
    // The default, whatever this process was started with.
    const { pinned, mainAllowed, main } = await seen({ GREENLET_COLOCATE: undefined });
    assert.equal(pinned.length, 1, `threads pinned: ${pinned}`);
    assert.doesNotMatch(mainAllowed, /^\d+$/, "Node's own thread is left to the scheduler");
    // Unless the scheduler moved main during its last switch (then its CPU is unknown here).
    if (main >= 0) assert.equal(pinned[0], String(main));
  });

  it('pins nothing with GREENLET_COLOCATE=0', async function () {
    const { pinned } = await seen({ GREENLET_COLOCATE: '0' });
    assert.deepEqual(pinned, []);
  });

  it('rejects a GREENLET_COLOCATE that is not 1 or 0 with a GreenletError', async function () {
    const r = await runNode(['-e', "require('greenlet-ts')"], { GREENLET_COLOCATE: 'sometimes' });
    assert.notEqual(r.code, 0, describeRun(r));
    assert.match(r.stderr, /GreenletError: GREENLET_COLOCATE='sometimes' is not 1 or 0/, describeRun(r));
  });
});
