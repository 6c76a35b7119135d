/**
 * Correct under a precise, moving collector: V8 must see and update every value held by the
 * frames of suspended greenlets (their threads' stacks are archived, not running).
 */
import { strict as assert } from 'node:assert';
import { describeRun, nativeOnly, runChild } from './helpers';

describe('native: collector stress', function () {
  this.timeout(120_000);
  before(function () {
    nativeOnly(this);
  });

  it('keeps values of greenlets suspended deep in recursion through forced full and minor GCs (--stress-compaction)', async function () {
    const r = await runChild('gc-stress', ['40', '40', '6'], { execArgv: ['--expose-gc', '--stress-compaction'] });
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(r.stdout, `ok ${40 * 7}\n`, describeRun(r));
  });

  it('keeps them through a scavenge every few allocations (--stress-scavenge)', async function () {
    const r = await runChild('gc-stress', ['20', '30', '4'], { execArgv: ['--expose-gc', '--stress-scavenge=20'] });
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(r.stdout, `ok ${20 * 5}\n`, describeRun(r));
  });

  it('scans the stack of the thread that collects, right after a switch from a thread that entered the isolate later', async function () {
    const r = await runChild('stack-start', [], { execArgv: ['--expose-gc'] });
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(r.stdout, 'collected on y\n', describeRun(r));
  });

  it("keeps AsyncLocalStorage's frame through scavenges while greenlets are suspended (V8's continuation data)", async function () {
    // Node 22 keeps the frame there only when asked; later lines always do.
    const frames = process.allowedNodeEnvironmentFlags.has('--experimental-async-context-frame')
      ? ['--experimental-async-context-frame']
      : [];
    const r = await runChild('async-context', ['4', '1000'], { execArgv: ['--expose-gc', ...frames] });
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(r.stdout, 'ok 1000\n', describeRun(r));
  });
});
