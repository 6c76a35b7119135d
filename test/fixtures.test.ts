/**
 * The fixture runner. Every fixtures/NAME.ts is a program whose standard output must equal
 * fixtures/NAME.out byte for byte (fixtures/NAME.<backend>.out overrides it for one backend).
 * The exit code must be 0 and stderr empty, unless fixtures/NAME.exit (or NAME.<backend>.exit)
 * holds the expected exit code; then stderr is free (it carries the uncaught error).
 *
 * The fixtures are compiled once, the way a user's project would compile them: a separate
 * project with its own tsconfig.json whose plugins name "greenlet-ts/transformer",
 * node_modules/greenlet-ts linked to this checkout, and `tspc -p`. So this also checks that
 * the checkout is a usable package: types (strict, type errors fail the build), the runtime
 * and the transformer, with no further build step.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { backend, buildFixtureProject, fixtureProject, fixtureTests, typescriptFixtures, unexpectedWarnings } from './fixture-support';


const names = typescriptFixtures();

describe(`fixtures (${backend})`, function () {
  let project: string | undefined;
  let warnings: string[] = [];
  let owned = false;

  before(function () {
    this.timeout(300_000);
    ({ project, warnings, owned } = fixtureProject('fixtures-tspc', (project) => buildFixtureProject(project)));
  });

  it('builds as a separate project that links greenlet-ts and names its transformer', function () {
    assert.ok(project !== undefined);
    // The transformer ran: the classic fixture's marked functions call into the protocol.
    const classic = fs.readFileSync(path.join(project, 'dist', 'classic.js'), 'utf8');
    assert.match(classic, /greenlet-ts\/protocol/, 'classic.js was not rewritten by greenlet-ts/transformer');
  });

  it('warns at compile time only about fixtures that cannot run on cps', function () {
    assert.deepEqual(unexpectedWarnings(warnings), []);
  });

  fixtureTests(names, () => (project === undefined ? undefined : { project, owned }), '');
});
