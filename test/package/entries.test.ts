// The package's entries (issue 14, and issue 15 item 6): one entry per runtime chooses the
// backend; runtime/ never imports a backend; on Node, `import` and `require` share one copy.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** The module specifiers imported or re-exported by a TypeScript source file. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^'";]*?\bfrom\s*'([^']+)'|^import\s*'([^']+)'/gm)].map((m) => (m[1] ?? m[2])!);
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

describe('package: entries', () => {
  it('runtime/ imports no backend; only entry/node.ts reaches the native loader', () => {
    for (const file of sources(path.join(root, 'runtime'))) {
      const bad = importsOf(file).filter((s) => /runtime-(native|fallback)/.test(s));
      assert.deepEqual(bad, [], `${path.relative(root, file)} imports a backend`);
    }
    const native = sources(path.join(root, 'entry')).filter((f) => importsOf(f).some((s) => s.includes('runtime-native')));
    assert.deepEqual(native.map((f) => path.relative(root, f)), [path.join('entry', 'node.ts')]);
    for (const file of sources(path.join(root, 'runtime-fallback'))) {
      assert.ok(!importsOf(file).some((s) => s.includes('runtime-native')), `${file} imports the native backend`);
    }
  });

  it('on Node, import and require give one copy: the same classes, the same main greenlet', function () {
    this.timeout(20_000);
    const script =
      "const cjs = require('greenlet-ts'); const hub = require('greenlet-ts/hub'); const protocol = require('greenlet-ts/protocol');" +
      "Promise.all([import('greenlet-ts'), import('greenlet-ts/hub'), import('greenlet-ts/protocol')]).then(([esm, esmHub, esmProtocol]) => {" +
      '  console.log(JSON.stringify([esm.Greenlet === cjs.Greenlet, esm.getcurrent() === cjs.getcurrent(), esm.backend === cjs.backend,' +
      '    esmHub.spawn === hub.spawn, esmProtocol.suspended === protocol.suspended]));' +
      '});';
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '[true,true,true,true,true]\n');
  });

  it('the portable build loads on Node without the native loader and chooses cps', function () {
    this.timeout(20_000);
    const portable = path.join(root, 'dist', 'esm', 'entry', 'portable.js');
    const script =
      `import(${JSON.stringify(portable)}).then((m) => { ` +
      "const loaded = Object.keys(require.cache).filter((f) => /runtime-native|greenlet_native/.test(f)); " +
      'console.log(m.backend, JSON.stringify(loaded)); });';
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, GREENLET_BACKEND: '' } });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'cps []\n');
    // The ES-module build is what the portable entry reaches (tsconfig.esm.json): no native backend.
    assert.ok(!fs.existsSync(path.join(root, 'dist', 'esm', 'runtime-native')));
  });
});
