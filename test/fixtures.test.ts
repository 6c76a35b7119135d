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
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { backend, fixtureProject, fixturesDir, fixtureTests, root } from './fixture-support';


const names = fs
  .readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

/** Lays out a user's project in `project` around a copy of the fixtures and builds it with tspc. */
function buildProject(project: string): string[] {
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  // What `npm install <path to greenlet-ts>` and `npm install -D @types/node` would leave.
  fs.symlinkSync(root, path.join(modules, 'greenlet-ts'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  // The fixtures (NAME.ts) and the modules they import (lib/, where plain .js is allowed).
  fs.cpSync(fixturesDir, path.join(project, 'src'), {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(fixturesDir, src);
      if (rel === '' || fs.statSync(src).isDirectory()) return rel === '' || rel.split(path.sep)[0] === 'lib';
      return rel.startsWith(`lib${path.sep}`) ? /\.(ts|js)$/.test(rel) : /^[^/]+\.ts$/.test(rel);
    },
  });
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'greenlet-ts-fixtures', private: true, dependencies: { 'greenlet-ts': `file:${root}` } }, null, 2),
  );
  fs.writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'node16',
          moduleResolution: 'node16',
          lib: ['ES2022'],
          types: ['node'],
          strict: true,
          allowJs: true,
          sourceMap: true,
          noEmitOnError: true,
          rootDir: 'src',
          outDir: 'dist',
          plugins: [{ transform: 'greenlet-ts/transformer' }],
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  const tspc = fs.realpathSync(path.join(root, 'node_modules', '.bin', 'tspc'));
  const r = spawnSync(process.execPath, [tspc, '-p', project], { cwd: project, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  // The transformer prints its warnings (stderr) without failing the build, as a user expects.
  if (r.status !== 0 || / error TS\d+/.test(output) || !fs.existsSync(path.join(project, 'dist'))) {
    throw new Error(`tspc -p ${project} failed (exit ${r.status ?? r.signal}):\n${output}`);
  }
  return output.split('\n').filter((line) => / warning TS\d+/.test(line));
}


describe(`fixtures (${backend})`, function () {
  let project: string | undefined;
  let warnings: string[] = [];
  let owned = false;

  before(function () {
    this.timeout(300_000);
    ({ project, warnings, owned } = fixtureProject('fixtures-tspc', buildProject));
  });

  it('builds as a separate project that links greenlet-ts and names its transformer', function () {
    assert.ok(project !== undefined);
    // The transformer ran: the classic fixture's marked functions call into the protocol.
    const classic = fs.readFileSync(path.join(project, 'dist', 'classic.js'), 'utf8');
    assert.match(classic, /greenlet-ts\/protocol/, 'classic.js was not rewritten by greenlet-ts/transformer');
  });

  it('warns at compile time only about fixtures that cannot run on cps', function () {
    // The transformer warns where it sees a switch in an unmarked callback of a marked function;
    // such a fixture shows cps's GreenletError in NAME.cps.out. Elsewhere a warning is spurious.
    const unexpected = warnings.filter((line) => {
      const m = /^src\/([^/(]+)\.ts\(/.exec(line);
      return !(m && fs.existsSync(path.join(fixturesDir, `${m[1]}.cps.out`)));
    });
    assert.deepEqual(unexpected, []);
  });

  fixtureTests(names, () => (project === undefined ? undefined : { project, owned }), '');
});
