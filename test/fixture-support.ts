/**
 * What the fixture runners share (fixtures.test.ts for the TypeScript transformer, and others
 * for other compilers): finding a fixture's expectations, running one compiled fixture under
 * the current GREENLET_BACKEND, and showing a difference.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');
export const fixturesDir = path.join(root, 'fixtures');
export const backend = process.env.GREENLET_BACKEND || 'cps';
/** A fixture that runs longer than this is hanging (e.g. at exit). */
export const RUN_TIMEOUT_MS = 30_000;

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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(project, 'dist', `${name}.js`)], {
      cwd: project,
      env: { ...process.env, GREENLET_BACKEND: backend },
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
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
        signal,
        timedOut,
      });
    });
  });
}
