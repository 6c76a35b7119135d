// Shared by the ports of python-greenlet's tests (test/upstream/*.test.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { Greenlet, getcurrent } from 'greenlet-ts';

/** Python's tests raise a private exception class; so do we. */
export class SomeError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'SomeError';
  }
}

// Python's gc.collect(): mocha is not started with --expose-gc, so expose it here.
const gcFunction: (options?: { type?: 'major' | 'minor' }) => void =
  typeof (globalThis as { gc?: unknown }).gc === 'function'
    ? (globalThis as unknown as { gc: () => void }).gc
    : (v8.setFlagsFromString('--expose-gc'), vm.runInNewContext('gc'));

/** A synchronous garbage collection: full, or only the young generation (a scavenge). */
export function collectGarbage(type: 'major' | 'minor' = 'major'): void {
  gcFunction(type === 'minor' ? { type: 'minor' } : undefined);
}

/** One turn of the event loop: lets FinalizationRegistry callbacks and cleared WeakRefs settle. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Collects garbage, one event-loop turn apart, until `done()` holds or `rounds` collections
 * have run; returns `done()`. A greenlet killed by the collector can free more on the next
 * collection, so one collection is not always enough. Bounded by rounds, never by time.
 */
export async function collectUntil(done: () => boolean, rounds = 8): Promise<boolean> {
  for (let i = 0; i < rounds && !done(); i++) {
    await nextTurn();
    gcFunction();
    await nextTurn();
  }
  return done();
}

/**
 * Python's `fmain` (test_greenlet.py): waits in its parent, records what interrupted it, then
 * fails. A plain function, as upstream: given as run it is called without the greenlet as
 * `this`, so its suspended frame does not keep the greenlet alive (test_dealloc collects it).
 * @greenlet
 */
export function fmain(seen: unknown[]): never {
  try {
    getcurrent().parent!.switch();
  } catch (e) {
    seen.push((e as object).constructor);
    throw e;
  }
  throw new SomeError();
}

/** Python's `_do_simple_test` (test_greenlet.py), also run in Workers by the port of test_threads. */
export function simpleTest(): void {
  const lst: number[] = [];
  const g = new Greenlet(
    /** @greenlet */ () => {
      lst.push(1);
      getcurrent().parent!.switch();
      lst.push(3);
    },
  );
  lst.push(0);
  g.switch();
  lst.push(2);
  g.switch();
  lst.push(4);
  assert.deepEqual(lst, [0, 1, 2, 3, 4]);
}

/** Threads of this process (Linux: /proc/self/task); undefined where that cannot be read. */
export function threadCount(): number | undefined {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return undefined;
  }
}

/** How many active handles and requests of each kind keep the event loop alive. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Runs workers/greenlets.js in a Worker with `data`; resolves with its report once it has exited. */
export function inWorker(data: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'workers', 'greenlets.js'), { workerData: data });
    let message: { ok: boolean; report?: unknown; error?: string } | undefined;
    worker.on('message', (m) => (message = m));
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (message === undefined) reject(new Error(`worker exited with code ${code} and no report`));
      else if (!message.ok) reject(new Error(`in the worker: ${message.error}`));
      else resolve(message.report);
    });
  });
}
