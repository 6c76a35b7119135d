/**
 * The fixtures built by tspc on the other TypeScript versions greenlet-ts claims (README's
 * table): 5.3, the oldest in its peer range, and 5.9, the last 5.x. fixtures.test.ts builds them
 * on the package's own TypeScript 6. ts-patch drives the tested compiler (TSP_COMPILER_TS_PATH)
 * and hands that instance to the transformer, so its nodes and type checker are that version's.
 *
 * What a TypeScript version changes is the emitted code, which is the same on every backend for
 * the plain bodies, and the twins only cps runs: so these run on cps, not again on native.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { backend, buildFixtureProject, compilerCommand, fixtureProject, fixtureTests, root, typescriptFixtures, unexpectedWarnings } from './fixture-support';

const names = typescriptFixtures();

for (const version of ['5.3', '5.9']) {
  const typescript = path.join(root, 'node_modules', `typescript-${version}`);

  describe(`fixtures built with TypeScript ${version} (${backend})`, function () {
    let project: string | undefined;
    let warnings: string[] = [];
    let owned = false;

    before(function () {
      if (backend !== 'cps') this.skip();
      this.timeout(300_000);
      ({ project, warnings, owned } = fixtureProject(`fixtures-ts${version}`, (dir) => buildFixtureProject(dir, { command: 'tspc', typescript })));
    });

    it(`tspc runs TypeScript ${version}, and the transformer rewrote the marked functions`, function () {
      // A child Node loading TypeScript: a second natively, past 20 under qemu-user on a busy machine.
      this.timeout(30_000);
      assert.ok(project !== undefined);
      const { argv, env } = compilerCommand({ command: 'tspc', typescript }, ['-v']);
      const v = spawnSync(process.execPath, argv, { encoding: 'utf8', env });
      assert.match(v.stdout, new RegExp(`^Version ${version.replace('.', '\\.')}\\.\\d+$`, 'm'));
      const classic = fs.readFileSync(path.join(project, 'dist', 'classic.js'), 'utf8');
      assert.match(classic, /greenlet-ts\/protocol/, 'classic.js was not rewritten by greenlet-ts/transformer');
    });

    it('warns at compile time only about fixtures that cannot run on cps', function () {
      assert.deepEqual(unexpectedWarnings(warnings), []);
    });

    fixtureTests(names, () => (project === undefined ? undefined : { project, owned }), `TypeScript ${version}`);
  });
}
