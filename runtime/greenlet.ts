/** The public Greenlet class and the thread's main greenlet. */
import type { Backend } from './backend';
import { onUnreachable } from './collect';
import { GreenletError, GreenletExit } from './errors';
import { GreenletState, type ThreadState, type TraceFn } from './state';
import * as transfer from './transfer';
import { STATE } from './transfer';

/** A function given as a greenlet's `run`: called plainly, with `this` undefined (DESIGN.md). */
export type RunFunction = (this: void, ...args: any[]) => unknown;

export class Greenlet {
  /** @internal */
  declare [STATE]: GreenletState;

  constructor(run?: RunFunction, parent?: Greenlet) {
    if (run !== undefined && typeof run !== 'function') {
      throw new TypeError('Greenlet: run must be a function');
    }
    backend.sync?.(thread, false);
    const s = new GreenletState(this, thread.current, run, thread);
    this[STATE] = s;
    if (parent !== undefined) this.parent = parent;
  }

  /**
   * The greenlet's function: the one given to the constructor, else this method, which a
   * subclass overrides. Readable and assignable until the greenlet starts. A given or assigned
   * function is called with `this` undefined; a subclass's method on the greenlet.
   *
   * Declared as a method so that subclasses may define `run()`; on Greenlet.prototype itself it
   * is replaced by the accessor installed below the class, so this body never runs.
   */
  run(..._args: any[]): unknown {
    throw new GreenletError('Greenlet.run was not given');
  }

  /**
   * Suspends the current greenlet and resumes this one: a never-started greenlet calls its
   * run function with `args`; a suspended one sees its pending switch return `undefined`
   * (no argument), the argument, or an array of them. Returns what the current greenlet is
   * sent when it resumes.
   * @greenlet
   */
  switch(...args: unknown[]): any {
    backend.sync?.(thread, true);
    const origin = thread.currentState;
    const next = transfer.switchTo(this, args, checkSuspendable);
    if (next !== origin) backend.resume(origin, next);
    return transfer.receive(origin);
  }

  /**
   * Switches to this greenlet and throws `error` (default: a new GreenletExit) at its
   * suspension point. A never-started greenlet dies without running.
   * @greenlet
   */
  throw(error?: unknown): any {
    backend.sync?.(thread, true);
    const origin = thread.currentState;
    const next = transfer.throwInto(this, arguments.length === 0 ? new GreenletExit() : error, checkSuspendable);
    if (next !== origin) backend.resume(origin, next);
    return transfer.receive(origin);
  }

  /** Its function has finished, by returning or throwing. */
  get dead(): boolean {
    return this[STATE].dead;
  }

  /** It has been entered (switched or thrown into). */
  get started(): boolean {
    return this[STATE].started;
  }

  get active(): boolean {
    const s = this[STATE];
    return s.started && !s.dead;
  }

  get parent(): Greenlet | null {
    return this[STATE].parent;
  }

  set parent(p: Greenlet | null) {
    const s = this[STATE];
    if (!(p instanceof Greenlet)) throw new TypeError('Greenlet.parent must be a Greenlet');
    const ps = transfer.stateOf(p);
    if (s === thread.mainState) throw new GreenletError('the main greenlet has no parent');
    for (let a: GreenletState | undefined = ps; a !== undefined; a = a.parent?.[STATE]) {
      if (a === s) throw new GreenletError('cyclic parent chain');
    }
    s.parent = p;
  }

  get [Symbol.toStringTag](): string {
    return 'Greenlet';
  }
}

// `run` reads as the given function until the greenlet starts, then as undefined; a subclass's
// `run` method shadows this accessor (the class body only declares it, for typing).
Object.defineProperty(Greenlet.prototype, 'run', {
  configurable: true,
  get(this: Greenlet) {
    const s = this[STATE];
    return s.started ? undefined : s.run;
  },
  set(this: Greenlet, fn: unknown) {
    const s = this[STATE];
    if (s.started) throw new GreenletError('run cannot be changed after the greenlet has started');
    if (fn !== undefined && typeof fn !== 'function') throw new TypeError('Greenlet.run must be a function');
    s.run = fn as Function | undefined;
  },
});

function makeShell(s: GreenletState): Greenlet {
  const g = Object.create(s.proto) as Greenlet;
  g[STATE] = s;
  return g;
}

const thread: ThreadState = (() => {
  const t = { trace: null, tracing: 0 } as { -readonly [K in keyof ThreadState]: ThreadState[K] };
  const main = Object.create(Greenlet.prototype) as Greenlet;
  const mainState = new GreenletState(main, null, undefined, t);
  mainState.started = true;
  main[STATE] = mainState;
  t.main = t.current = main;
  t.mainState = t.currentState = mainState;
  return t;
})();
transfer.install(thread, makeShell);

/**
 * The thread's backend, handed in once by the package's entry for this runtime (entry/node.ts,
 * entry/portable.ts): runtime/ never imports a backend, each backend imports runtime/.
 */
let backend: Backend = {
  name: 'cps',
  checkSuspendable: noBackend,
  resume: noBackend,
};
let chosen = false;

function noBackend(): never {
  throw new GreenletError(
    'greenlet-ts has no backend: import it as "greenlet-ts" (whose entry chooses one), not a file inside the package',
  );
}

/** Makes `b` this thread's backend; returns it. Called once, by the entry module. */
export function useBackend(b: Backend): Backend {
  if (chosen && b !== backend) {
    throw new GreenletError(`this thread already runs greenlets on the ${backend.name} backend`);
  }
  backend = b;
  chosen = true;
  return b;
}

function checkSuspendable(origin: GreenletState): void {
  backend.checkSuspendable(origin, thread);
}

// An unreachable suspended greenlet is ended with GreenletExit, returning here (as Python does).
// Its parent is the current greenlet while it dies, and its own again afterwards in case it
// lives on (it may catch the GreenletExit and keep itself referenced), as in Python.
onUnreachable((s) => {
  const parent = s.parent;
  s.parent = thread.current;
  try {
    transfer.shellOf(s).throw(new GreenletExit());
  } finally {
    s.parent = parent;
  }
});

/** Same as `new Greenlet(run, parent)`. */
export function greenlet(run?: RunFunction, parent?: Greenlet): Greenlet {
  return new Greenlet(run, parent);
}

/** The running greenlet; the main greenlet at top level. */
export function getcurrent(): Greenlet {
  backend.sync?.(thread, false);
  return thread.current;
}

/** Sets the function called on every transfer of control; returns the previous one. */
export function settrace(fn: TraceFn | null): TraceFn | null {
  if (fn !== null && typeof fn !== 'function') throw new TypeError('settrace: expected a function or null');
  const previous = thread.trace;
  thread.trace = fn;
  return previous;
}

export function gettrace(): TraceFn | null {
  return thread.trace;
}
