/** Shared by the native backend's tests: which backend runs, and child processes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Greenlet, getcurrent } from 'greenlet-ts';
import { runCollecting, type Outcome } from '../fixture-support';
import { scaled } from '../time-scale';

/**
 * Idle threads the native backend keeps for greenlets yet to start, per environment
 * (kPoolSize in runtime-native/src/thread_state.h).
 */
export const POOL_SIZE = 16;

/**
 * Fills the native backend's pool of idle threads: more greenlets than it holds start, are
 * suspended together, and finish; their threads beyond the pool's bound end when the event
 * loop next runs, which this waits for. Then the thread count is known: starting N greenlets
 * adds N - POOL_SIZE threads (the first reuse idle ones), and once they finish and the event
 * loop has run, the pool is full again and their other threads have ended.
 */
export async function fillPool(): Promise<void> {
  const main = getcurrent();
  const greenlets = Array.from({ length: 2 * POOL_SIZE }, () => new Greenlet(() => main.switch()));
  for (const g of greenlets) g.switch();
  for (const g of greenlets) g.switch();
  await new Promise((resolve) => setImmediate(resolve));
}

export const backendName = process.env.GREENLET_BACKEND || 'cps';
export const isNative = backendName === 'native';

/** Skips the suite's tests unless the native backend runs them. */
export function nativeOnly(ctx: Mocha.Context): void {
  if (!isNative) ctx.skip();
}

/** How a child node process ended, and what it printed. */
export type ChildResult = Outcome;

/** A child that runs longer than this is hanging. */
export const CHILD_TIMEOUT_MS = scaled(60_000);

/** Runs test/native/children/NAME.js (compiled next to this file) in a fresh node. */
export function runChild(
  name: string,
  args: string[] = [],
  options: { execArgv?: string[]; env?: Record<string, string | undefined> } = {},
): Promise<ChildResult> {
  const script = path.join(__dirname, 'children', `${name}.js`);
  return runNode([...(options.execArgv ?? []), script, ...args], options.env);
}

export function runNode(argv: string[], env: Record<string, string | undefined> = {}): Promise<ChildResult> {
  return runCollecting(argv, { env: { GREENLET_BACKEND: backendName, ...env }, timeoutMs: CHILD_TIMEOUT_MS });
}

/** A one-line summary of a child's run, for assertion messages. */
export function describeRun(r: ChildResult): string {
  return `exit ${r.code} signal ${r.signal}${r.timedOut ? ' (timed out: hung)' : ''}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** OS threads of this process. */
export function threadCount(): number {
  return fs.readdirSync('/proc/self/task').length;
}

/** Waits (a little) until the thread count comes down to `limit`: ending threads take a moment. */
export async function threadsSettle(limit: number): Promise<number> {
  let n = threadCount();
  for (let i = 0; i < 100 && n > limit; i++) {
    await new Promise((r) => setTimeout(r, 10));
    n = threadCount();
  }
  return n;
}
