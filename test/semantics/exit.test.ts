// DESIGN.md "Semantics": at process exit, greenlets still suspended are abandoned.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { scaled } from '../time-scale';

describe('process exit', () => {
  it('abandons suspended greenlets: their finally blocks do not run, and the process exits cleanly', () => {
    const script = path.join(__dirname, 'helpers', 'abandon-at-exit.js');
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: scaled(60_000) });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'suspended\n');
    assert.equal(r.status, 0);
  });
});
