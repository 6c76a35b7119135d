// The CommonJS build's module objects on the cps hot path keep V8's fast properties. Every
// emitted site and the trampoline read the protocol's exports (`protocol_1.suspended`, ...): one
// getter among them — what TypeScript makes of a re-export — turned the object into a
// dictionary and made a cps switch three times as dear (issue 15). V8-only: a natives check.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const dist = path.resolve(__dirname, '..', '..', '..', 'dist');

describe('runtime: module objects of the cps path', () => {
  it('have fast properties (no re-export getter in their CommonJS exports)', function () {
    this.timeout(30_000);
    const modules = ['runtime/protocol', 'runtime/transfer', 'runtime/state', 'runtime/greenlet', 'runtime/errors', 'runtime-fallback/trampoline'];
    const script = `const slow = ${JSON.stringify(modules)}.filter((m) => !%HasFastProperties(require(${JSON.stringify(dist)} + '/' + m + '.js'))); console.log(JSON.stringify(slow));`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8', env: { ...process.env, GREENLET_BACKEND: 'cps' } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [], 'modules whose exports object is a dictionary');
  });
});
