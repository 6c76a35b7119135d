// README's set-up on the TypeScript versions a user installs today: TypeScript 6 with tspc, and
// TypeScript 7 (what `npm install typescript` gives: the Go compiler, no transformer API) with
// greenlet-tsc, which runs the transformer on greenlet-ts's own TypeScript 6 while the project
// keeps TypeScript 7 for type checking. TypeScript 7 here is the registry's package, installed as
// the devDependency `typescript-7` and linked as the project's `typescript`.
//
// What is checked: README's tsconfig.json as written (read from README.md) builds the classic
// program and a hub program; greenlet-tsc emits exactly what tspc emits (the fixtures, byte for
// byte) and reports exactly what tspc reports (a misplaced tag: file, line, exit code); its
// --watch rebuilds; and a TypeScript 7 build without the transformer fails on cps with an error
// that says to use greenlet-tsc.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { backend, buildFixtureProject, compilerCommand, fixtureProject, root, type Compiler } from '../fixture-support';

const typescript7 = path.join(root, 'node_modules', 'typescript-7');
const greenletTsc: Compiler = { command: 'greenlet-tsc', typescript: typescript7 };
const tspc: Compiler = { command: 'tspc' };

/** README's tsconfig.json, as written: the first jsonc block naming the transformer. */
function readmeTsconfig(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /```jsonc\n(\/\/ tsconfig\.json[^\n]*\n[\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README.md has no ```jsonc block starting with // tsconfig.json');
  return block[1]!;
}

/** JSON with // comments, as tsconfig.json allows. */
function parseJsonc(text: string): unknown {
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/[^"\n]*$/gm, ''));
}

/** README's programs (test/package/user-project/): the classic example and a hub program. */
const programs = path.join(root, 'test', 'package', 'user-project');
const CLASSIC = fs.readFileSync(path.join(programs, 'main.ts'), 'utf8');
const HUB = fs.readFileSync(path.join(programs, 'hub.ts'), 'utf8');
const DATA = fs.readFileSync(path.join(programs, 'data.json'), 'utf8');

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A user's project outside this checkout: greenlet-ts and @types/node installed, `typescript` the given package. */
function userProject(typescript: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlet-ts-user-'));
  made.push(dir);
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  fs.symlinkSync(root, path.join(modules, 'greenlet-ts'), 'dir');
  fs.symlinkSync(typescript, path.join(modules, 'typescript'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'user', private: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function runCompiler(compiler: Compiler, dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const { argv, env } = compilerCommand(compiler, args);
  return spawnSync(process.execPath, argv, { cwd: dir, encoding: 'utf8', env: { ...env, ...extraEnv } });
}

function runNode(dir: string, file: string) {
  return spawnSync(process.execPath, [path.join(dir, 'dist', file)], { cwd: dir, encoding: 'utf8', env: { ...process.env, GREENLET_BACKEND: backend } });
}

/** TypeScript 7's own tsc, as the project runs it (`npx tsc`). */
function tsc7(dir: string, args: string[]) {
  return spawnSync(path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), args, { cwd: dir, encoding: 'utf8' });
}

describe(`README's set-up on TypeScript 6 and 7 (${backend})`, function () {
  this.timeout(180_000);
  const files = { 'tsconfig.json': readmeTsconfig(), 'src/main.ts': CLASSIC, 'src/hub.ts': HUB, 'data.json': DATA };

  it('TypeScript 6: tspc builds with README\'s tsconfig.json, and the programs run', function () {
    const dir = userProject(path.join(root, 'node_modules', 'typescript'), files);
    const r = runCompiler(tspc, dir, []);
    assert.equal(`${r.stdout}${r.stderr}`, '');
    assert.equal(r.status, 0);
    assert.equal(runNode(dir, 'main.js').stdout, '12\n56\n34\n');
    const hub = runNode(dir, 'hub.js');
    assert.equal(hub.stderr, '');
    assert.equal(hub.stdout, 'loaded 7\n');
  });

  it('TypeScript 7: greenlet-tsc builds with README\'s tsconfig.json, TypeScript 7 type-checks it, and the programs run', function () {
    const dir = userProject(typescript7, files);
    assert.match(tsc7(dir, ['-v']).stdout, /^Version 7\./);
    const r = runCompiler(greenletTsc, dir, []);
    assert.equal(`${r.stdout}${r.stderr}`, '');
    assert.equal(r.status, 0);
    const check = tsc7(dir, ['--noEmit']);
    assert.equal(`${check.stdout}${check.stderr}`, '', 'tsc (TypeScript 7) --noEmit');
    assert.equal(check.status, 0);
    assert.equal(runNode(dir, 'main.js').stdout, '12\n56\n34\n');
    const hub = runNode(dir, 'hub.js');
    assert.equal(hub.stderr, '');
    assert.equal(hub.stdout, 'loaded 7\n');
  });

  it('README\'s tsconfig.json parses as tsconfig.json does (comments allowed) and names the transformer', function () {
    const config = parseJsonc(readmeTsconfig()) as { compilerOptions: { plugins: { transform: string }[] } };
    assert.deepEqual(config.compilerOptions.plugins, [{ transform: 'greenlet-ts/transformer' }]);
  });
});

describe(`greenlet-tsc against tspc (${backend})`, function () {
  before(function () {
    // What is compared is emitted code and compile-time output: once, on cps.
    if (backend !== 'cps') this.skip();
  });

  it('emits the fixtures byte for byte as tspc does (JavaScript and source maps)', function () {
    this.timeout(600_000);
    const { project: byTspc } = fixtureProject('fixtures-tspc', (dir) => buildFixtureProject(dir));
    const byGreenletTsc = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlet-ts-fixtures-greenlet-tsc-'));
    made.push(byGreenletTsc);
    buildFixtureProject(byGreenletTsc, greenletTsc);
    const list = (dir: string): string[] =>
      fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.js(\.map)?$/.test(f)).sort();
    const emitted = list(path.join(byTspc, 'dist'));
    assert.ok(emitted.length > 80, `only ${emitted.length} files emitted by tspc`);
    assert.deepEqual(list(path.join(byGreenletTsc, 'dist')), emitted);
    for (const f of emitted) {
      assert.equal(fs.readFileSync(path.join(byGreenletTsc, 'dist', f), 'utf8'), fs.readFileSync(path.join(byTspc, 'dist', f), 'utf8'), f);
    }
  });

  it('reports a misplaced tag (and a type error) as tspc does: file, line, code, exit code 2', function () {
    this.timeout(180_000);
    const files = {
      'tsconfig.json': readmeTsconfig(),
      'src/bad.ts': "export const a = 1;\n/** @greenlet */\nexport const five = 5;\nconst n: number = 'x';\nexport { n };\n",
    };
    const viaTspc = userProject(path.join(root, 'node_modules', 'typescript'), files);
    const viaGreenletTsc = userProject(typescript7, files);
    for (const pretty of ['false', 'true']) {
      const expected = runCompiler(tspc, viaTspc, ['--pretty', pretty]);
      const actual = runCompiler(greenletTsc, viaGreenletTsc, ['--pretty', pretty]);
      if (pretty === 'false') {
        assert.match(expected.stdout, /^src\/bad\.ts\(3,14\): error TS77005: @greenlet marks functions, and 'five' is not one\./m);
        assert.match(expected.stdout, /^src\/bad\.ts\(4,7\): error TS2322: /m);
      }
      assert.equal(actual.stdout, expected.stdout, `--pretty ${pretty}`);
      assert.equal(actual.stderr, expected.stderr);
      assert.equal(expected.status, 2);
      assert.equal(actual.status, 2);
    }
  });

  it('an incremental project: writes its .tsbuildinfo and emits what tspc emits, then builds again from it', function () {
    this.timeout(180_000);
    const readme = parseJsonc(readmeTsconfig()) as { compilerOptions: Record<string, unknown> };
    const tsconfig = JSON.stringify({ ...readme, compilerOptions: { ...readme.compilerOptions, incremental: true } });
    const files = { 'tsconfig.json': tsconfig, 'src/main.ts': CLASSIC };
    const viaTspc = userProject(path.join(root, 'node_modules', 'typescript'), files);
    const viaGreenletTsc = userProject(typescript7, files);
    for (const [compiler, dir] of [[tspc, viaTspc], [greenletTsc, viaGreenletTsc]] as const) {
      const r = runCompiler(compiler, dir, []);
      assert.equal(`${r.stdout}${r.stderr}`, '', compiler.command);
      assert.ok(fs.existsSync(path.join(dir, 'dist', 'tsconfig.tsbuildinfo')) || fs.existsSync(path.join(dir, 'tsconfig.tsbuildinfo')), `${compiler.command} wrote no .tsbuildinfo`);
    }
    const emitted = fs.readFileSync(path.join(viaGreenletTsc, 'dist', 'main.js'), 'utf8');
    assert.equal(emitted, fs.readFileSync(path.join(viaTspc, 'dist', 'main.js'), 'utf8'));
    // Nothing changed: the second build reuses the first (and must not lose the transform).
    const again = runCompiler(greenletTsc, viaGreenletTsc, []);
    assert.equal(again.status, 0);
    assert.equal(fs.readFileSync(path.join(viaGreenletTsc, 'dist', 'main.js'), 'utf8'), emitted);
    assert.equal(runNode(viaGreenletTsc, 'main.js').stdout, '12\n56\n34\n');
  });

  it('--watch builds, then rebuilds when a file changes', async function () {
    this.timeout(180_000);
    const dir = userProject(typescript7, { 'tsconfig.json': readmeTsconfig(), 'src/main.ts': CLASSIC });
    const { argv, env } = compilerCommand(greenletTsc, ['--watch', '--pretty', 'false']);
    const child = spawn(process.execPath, argv, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const compiled = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if ((output.match(/Found 0 errors\. Watching for file changes\./g) ?? []).length >= n) {
            clearInterval(timer);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`greenlet-tsc --watch exited (${child.exitCode}):\n${output}`));
          }
        }, 100);
      });
    try {
      await compiled(1);
      assert.equal(runNode(dir, 'main.js').stdout, '12\n56\n34\n');
      fs.writeFileSync(path.join(dir, 'src', 'main.ts'), CLASSIC.replace('console.log(56)', 'console.log(65)'));
      await compiled(2);
      assert.equal(runNode(dir, 'main.js').stdout, '12\n65\n34\n');
      assert.match(fs.readFileSync(path.join(dir, 'dist', 'main.js'), 'utf8'), /greenlet-ts\/protocol/);
    } finally {
      child.kill();
    }
  });

  it('a TypeScript 7 build without the transformer fails on cps with an error that names greenlet-tsc', function () {
    this.timeout(180_000);
    const dir = userProject(typescript7, { 'tsconfig.json': readmeTsconfig(), 'src/main.ts': CLASSIC });
    const built = tsc7(dir, []); // TypeScript 7 ignores the plugins entry: nothing is transformed
    assert.equal(built.status, 0, `${built.stdout}${built.stderr}`);
    const r = runNode(dir, 'main.js');
    assert.equal(r.stdout, '12\n');
    assert.match(r.stderr, /GreenletError: .*No code compiled by the greenlet-ts transformer has been loaded.*`npx greenlet-tsc` on TypeScript 7/);
    assert.notEqual(r.status, 0);
  });
});
