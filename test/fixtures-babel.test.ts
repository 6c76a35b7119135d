/**
 * The fixtures again, built by the second build path: Babel with greenlet-ts/babel instead of
 * tspc with the TypeScript transformer (issue 7). Same programs, same expected output byte for
 * byte on every backend, plus the plain-JavaScript fixtures (fixtures/NAME.js), which have no
 * types at all.
 *
 * The project is laid out as a Babel user's would be: a babel.config.json naming
 * "greenlet-ts/babel", preset-typescript and the CommonJS module transform, node_modules/greenlet-ts
 * linked to this checkout. Running and checking reuse the tspc runner's helpers.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as babel from '@babel/core';
import { backend, expectation, fixtureProject, fixturesDir, fixtureTests, root, RUN_TIMEOUT_MS } from './fixture-support';

const names = fs
  .readdirSync(fixturesDir)
  .filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.js'))
  .map((f) => f.replace(/\.(ts|js)$/, ''))
  .sort();

const BABEL_CONFIG = {
  sourceType: 'unambiguous',
  presets: ['@babel/preset-typescript'],
  plugins: ['greenlet-ts/babel', '@babel/plugin-transform-modules-commonjs'],
  // As the tspc build has them: stack traces point at the .ts lines (fixtures/stack-trace.ts).
  sourceMaps: 'inline',
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Lays out a Babel user's project around a copy of the fixtures in `project` and compiles src/ into dist/; returns the warnings. */
function buildProject(project: string): string[] {
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(modules);
  // What `npm install <path to greenlet-ts>` and `npm install -D @babel/...` would leave.
  fs.symlinkSync(root, path.join(modules, 'greenlet-ts'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', '@babel'), path.join(modules, '@babel'), 'dir');
  fs.cpSync(fixturesDir, path.join(project, 'src'), {
    recursive: true,
    filter: (src) => fs.statSync(src).isDirectory() || /\.(ts|js)$/.test(src),
  });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'greenlet-ts-babel-fixtures', private: true }, null, 2));
  fs.writeFileSync(path.join(project, 'babel.config.json'), JSON.stringify(BABEL_CONFIG, null, 2));
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    for (const file of sources(path.join(project, 'src'))) {
      const rel = path.relative(path.join(project, 'src'), file);
      const result = babel.transformFileSync(file, { cwd: project, root: project });
      const out = path.join(project, 'dist', rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, result!.code!);
    }
  } finally {
    console.warn = warn;
  }
  return warnings;
}


describe(`fixtures built with Babel (${backend})`, function () {
  let project: string | undefined;
  let warnings: string[] = [];
  let owned = false;

  before(function () {
    this.timeout(300_000);
    ({ project, warnings, owned } = fixtureProject('fixtures-babel', buildProject));
  });

  it('builds with a babel.config.json naming greenlet-ts/babel', function () {
    assert.ok(project !== undefined);
    for (const name of ['classic', 'js-classic']) {
      const js = fs.readFileSync(path.join(project, 'dist', `${name}.js`), 'utf8');
      assert.match(js, /greenlet-ts\/protocol/, `${name}.js was not rewritten by greenlet-ts/babel`);
    }
  });

  it('warns at compile time only about fixtures that cannot run on cps', function () {
    const unexpected = warnings.filter((line) => {
      const m = /[\\/]src[\\/]([^\\/:]+)\.(ts|js): warning /.exec(line);
      return !(m && fs.existsSync(path.join(fixturesDir, `${m[1]}.cps.out`)));
    });
    assert.deepEqual(unexpected, []);
  });

  it('runs a fixture compiled on the fly by @babel/register', function () {
    this.timeout(RUN_TIMEOUT_MS * 2);
    assert.ok(project !== undefined);
    const hook = path.join(project, 'register.js');
    fs.writeFileSync(hook, "require('@babel/register')({ extensions: ['.ts', '.js'], cache: false });\n");
    const r = spawnSync(process.execPath, ['-r', hook, path.join(project, 'src', 'classic.ts')], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, GREENLET_BACKEND: backend },
      timeout: RUN_TIMEOUT_MS,
    });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, expectation('classic', 'out'));
    assert.equal(r.status, 0);
  });

  fixtureTests(names, () => (project === undefined ? undefined : { project, owned }), 'Babel build');
});
