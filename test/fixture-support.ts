/**
 * What the fixture runners share (fixtures.test.ts for the TypeScript transformer, and others
 * for other compilers): finding a fixture's expectations, running one compiled fixture under
 * the current GREENLET_BACKEND, showing a difference, and the mocha tests that check each run.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scaled } from './time-scale';

export const root = path.resolve(__dirname, '..', '..');
export const fixturesDir = path.join(root, 'fixtures');
export const backend = process.env.GREENLET_BACKEND || 'cps';
/** A fixture that runs longer than this is hanging (e.g. at exit). */
export const RUN_TIMEOUT_MS = scaled(30_000);

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

/** The file for this backend if there is one, else the common one, else undefined. */
export function expectation(name: string, ext: string): string | undefined {
  for (const file of [`${name}.${backend}.${ext}`, `${name}.${ext}`]) {
    const p = path.join(fixturesDir, file);
    if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8');
  }
  return undefined;
}

/** A line diff of two texts (longest common subsequence): ' ' kept, '-' expected only, '+' actual only. */
export function diffLines(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${b[j++]}`);
    } else {
      out.push(`- ${a[i++]}`);
    }
  }
  return out.join('\n');
}

/** At most `n` lines of `text`. */
export function head(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.length <= n ? text : `${lines.slice(0, n).join('\n')}\n... (${lines.length - n} more lines)`;
}

/** Runs `node dist/NAME.js` in a built fixture project, killing it after RUN_TIMEOUT_MS. */
export function runFixture(project: string, name: string): Promise<Outcome> {
  return runCollecting([path.join(project, 'dist', `${name}.js`)], { cwd: project, env: { GREENLET_BACKEND: backend }, timeoutMs: RUN_TIMEOUT_MS });
}

/** Runs `node ...argv` with its output collected, killing it (SIGKILL) after `timeoutMs`. */
export function runCollecting(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs: number },
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, signal, timedOut });
    });
  });
}

/** The names of the TypeScript fixtures (fixtures/NAME.ts), sorted. */
export function typescriptFixtures(): string[] {
  return fs
    .readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

/**
 * The transformer's warnings that no fixture expects. It warns where it sees a switch in an
 * unmarked callback of a marked function; such a fixture shows cps's GreenletError in
 * NAME.cps.out. Elsewhere a warning is spurious.
 */
export function unexpectedWarnings(warnings: string[]): string[] {
  return warnings.filter((line) => {
    const m = /^src\/([^/(]+)\.ts\(/.exec(line);
    return !(m && fs.existsSync(path.join(fixturesDir, `${m[1]}.cps.out`)));
  });
}

/**
 * How a fixture project is built: `tspc` on the package's own TypeScript, or on the TypeScript
 * package in `typescript` (ts-patch's TSP_COMPILER_TS_PATH: tspc drives that compiler and hands
 * it to the transformer); or `greenlet-tsc` in a project whose own TypeScript is `typescript`
 * (TypeScript 7, which greenlet-tsc leaves to type checking).
 */
export interface Compiler {
  command: 'tspc' | 'greenlet-tsc';
  typescript?: string;
}

/** The command line (node's arguments) and environment that run `compiler` in `project`. */
export function compilerCommand(compiler: Compiler, args: string[]): { argv: string[]; env: NodeJS.ProcessEnv } {
  if (compiler.command === 'greenlet-tsc') return { argv: [path.join(root, 'dist', 'transformer', 'tsc.js'), ...args], env: process.env };
  const tspc = fs.realpathSync(path.join(root, 'node_modules', '.bin', 'tspc'));
  const env = compiler.typescript === undefined ? process.env : { ...process.env, TSP_COMPILER_TS_PATH: compiler.typescript };
  return { argv: [tspc, ...args], env };
}

/**
 * Lays out a user's project in `project` around a copy of the fixtures and builds it with
 * `compiler`; returns the transformer's warnings.
 */
export function buildFixtureProject(project: string, compiler: Compiler = { command: 'tspc' }): string[] {
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  // What `npm install <path to greenlet-ts>` and `npm install -D @types/node` would leave.
  fs.symlinkSync(root, path.join(modules, 'greenlet-ts'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  // A greenlet-tsc project has its own TypeScript (7), as `npm install -D typescript` leaves it.
  if (compiler.command === 'greenlet-tsc' && compiler.typescript !== undefined) fs.symlinkSync(compiler.typescript, path.join(modules, 'typescript'), 'dir');
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
  const { argv, env } = compilerCommand(compiler, ['-p', project]);
  const r = spawnSync(process.execPath, argv, { cwd: project, encoding: 'utf8', env });
  const output = `${r.stdout}${r.stderr}`;
  // The transformer prints its warnings (stderr) without failing the build, as a user expects.
  if (r.status !== 0 || / error TS\d+/.test(output) || !fs.existsSync(path.join(project, 'dist'))) {
    const what = `${compiler.command} -p ${project}${compiler.typescript === undefined ? '' : ` (TypeScript in ${compiler.typescript})`}`;
    throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${output}`);
  }
  return output.split('\n').filter((line) => / warning TS\d+/.test(line));
}

/** A built fixture project: its directory, the compile warnings, whether this run made it (and removes it). */
export interface ProjectBuild {
  project: string;
  warnings: string[];
  owned: boolean;
}

/**
 * The built fixture project of one build path. Under `npm test` (GREENLET_TEST_TMP, set by
 * test/run.js) it is built once, by the first backend's run, in `scratchName`, and reused by the
 * others; test/run.js removes it. Otherwise it is a temporary directory of this run (`owned`).
 */
export function fixtureProject(scratchName: string, build: (project: string) => string[]): ProjectBuild {
  const scratch = process.env.GREENLET_TEST_TMP;
  if (scratch && !process.env.GREENLET_KEEP_FIXTURES) {
    const project = path.join(scratch, scratchName);
    const built = path.join(project, 'built.json');
    if (fs.existsSync(built)) return { project, warnings: JSON.parse(fs.readFileSync(built, 'utf8')) as string[], owned: false };
    fs.rmSync(project, { recursive: true, force: true });
    fs.mkdirSync(project, { recursive: true });
    const warnings = build(project);
    fs.writeFileSync(built, JSON.stringify(warnings));
    return { project, warnings, owned: false };
  }
  const project = fs.mkdtempSync(path.join(os.tmpdir(), `greenlet-ts-${scratchName}-`));
  try {
    return { project, warnings: build(project), owned: true };
  } catch (error) {
    if (!process.env.GREENLET_KEEP_FIXTURES) fs.rmSync(project, { recursive: true, force: true });
    throw error;
  }
}

/** A built fixture project, and whether this runner made it (and so removes it). */
export interface BuiltProject {
  project: string;
  owned: boolean;
}

/**
 * Defines, inside the caller's `describe`, one test per fixture — stdout equal to its .out byte
 * for byte, its exit code, an empty stderr — and the cleanup of the built project. A fixture's
 * run starts on first request along with the next few, so that many run in parallel while the
 * tests still report in order (and `--grep` starts hardly more than it selects).
 * `build` names the build path in messages ('' for tspc).
 */
export function fixtureTests(names: string[], built: () => BuiltProject | undefined, build: string): void {
  const outcomes = new Map<string, Promise<Outcome>>();
  const ahead = Math.max(1, os.availableParallelism() - 1);
  function outcome(i: number): Promise<Outcome> {
    for (let j = i; j <= i + ahead && j < names.length; j++) {
      const name = names[j]!;
      if (!outcomes.has(name)) {
        const p = runFixture(built()!.project, name);
        p.catch(() => {}); // reported by the fixture's own test
        outcomes.set(name, p);
      }
    }
    return outcomes.get(names[i]!)!;
  }

  after(async function () {
    this.timeout(RUN_TIMEOUT_MS + 5_000);
    // Let every fixture process end before its files go away.
    await Promise.allSettled(outcomes.values());
    const b = built();
    if (b === undefined || !b.owned) return;
    if (process.env.GREENLET_KEEP_FIXTURES) console.log(`fixture project${build ? ` (${build})` : ''} kept at ${b.project}`);
    else fs.rmSync(b.project, { recursive: true, force: true });
  });

  names.forEach((name, i) => {
    it(name, async function () {
      this.timeout(RUN_TIMEOUT_MS * 4);
      const expected = expectation(name, 'out');
      assert.ok(expected !== undefined, `fixtures/${name}.out is missing`);
      const exitText = expectation(name, 'exit');
      const expectedCode = exitText === undefined ? 0 : Number(exitText.trim());
      const run = await outcome(i);
      assert.ok(!run.timedOut, `${name} did not finish within ${RUN_TIMEOUT_MS / 1000} s\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
      const stderrNote = run.stderr ? `\nstderr:\n${head(run.stderr, 25)}` : '';
      if (run.stdout !== expected) {
        const error = new Error(
          `stdout of ${name}${build ? ` (${build})` : ''} differs from its .out (- expected, + actual):\n${head(diffLines(expected, run.stdout), 80)}${stderrNote}`,
        );
        // No stack: mocha then prints the message once (the test's own frames say nothing).
        error.stack = '';
        throw error;
      }
      assert.equal(run.signal, null, `${name} was killed by ${run.signal}${stderrNote}`);
      assert.equal(run.code, expectedCode, `${name} exited with ${run.code}, expected ${expectedCode}${stderrNote}`);
      if (expectedCode === 0) assert.equal(run.stderr, '', `${name} wrote to stderr`);
    });
  });
}
