/**
 * The run-time protocol between code emitted by the greenlet-ts transformers and the
 * runtime. Emitted modules import this file (as `greenlet-ts/protocol`) and nothing else.
 *
 * A marked function keeps its plain body (run as is on the native backend and on the main
 * greenlet's real stack) and gets a generator "twin" (run by the cps trampoline). Inside a
 * twin every suspension point `f(a, b)` becomes `(yield call(f, thisArg, [a, b]))` (`call0`
 * and `call1` for calls with no or one argument); the trampoline then either runs `f`'s own
 * twin on the greenlet's frame stack, calls `f` plainly, or — for `Greenlet#switch`/`throw` —
 * moves control to another greenlet.
 */

/** `fn[TWIN]` is the generator twin of a marked function `fn`. */
export const TWIN: unique symbol = Symbol.for('greenlet-ts.twin') as any;

export type TwinFunction = (this: any, ...args: any[]) => Generator<unknown, unknown, unknown>;
export type Marked = { [TWIN]?: TwinFunction };

/** The one value a twin ever yields: "perform the call held in `pending`". */
export const CALL: unique symbol = Symbol('greenlet-ts.call') as any;

/**
 * The call a twin has just yielded. A single record suffices: the trampoline reads it
 * before any other code runs, so two yields never overlap. `args` is null for a call made
 * with `call1`, whose one argument is in `arg`.
 */
export const pending: { callee: unknown; thisArg: unknown; args: unknown[] | null; arg: unknown } = {
  callee: undefined,
  thisArg: undefined,
  args: [],
  arg: undefined,
};

/**
 * The arguments of every `call0`, and what `pending.args` holds between calls: one shared
 * array, so frozen.
 */
export const NO_ARGS = Object.freeze([]) as unknown as unknown[];

/** Loaded-twin counter, so an untransformed build on cps can be told apart in errors. */
export let twinsRegistered = 0;

/** `yield call(f, t, args)`: a suspension point calling `f` with `this` = `t`. */
export function call(callee: unknown, thisArg: unknown, args: unknown[]): typeof CALL {
  pending.callee = callee;
  pending.thisArg = thisArg;
  pending.args = args;
  return CALL;
}

/**
 * `call(f, t, [])` without the array: most suspension points pass zero or one argument (every
 * `g.switch()` and `g.switch(x)`), and an array per switch was a large part of its cost.
 */
export function call0(callee: unknown, thisArg: unknown): typeof CALL {
  pending.callee = callee;
  pending.thisArg = thisArg;
  pending.args = NO_ARGS;
  return CALL;
}

/** `call(f, t, [x])` without the array (see call0). */
export function call1(callee: unknown, thisArg: unknown, arg: unknown): typeof CALL {
  pending.callee = callee;
  pending.thisArg = thisArg;
  pending.args = null;
  pending.arg = arg;
  return CALL;
}

/**
 * Attaches `gen` as the twin of the marked function `fn` and returns `fn`. The twin is
 * its own twin too, so emitted code may call a twin directly (e.g. a private method's).
 */
export function twin<F extends Function>(fn: F, gen: TwinFunction): F {
  (fn as Marked)[TWIN] = gen;
  (gen as Marked)[TWIN] = gen;
  bindKeepsTwin(fn);
  twinsRegistered++;
  return fn;
}

/**
 * `fn.bind(t, ...xs)` of a marked function makes a marked function too: its twin is `fn`'s
 * twin with the bound `this` and arguments, so a cps greenlet can suspend in a bound method
 * (`setTimeout(this.tick.bind(this))`, handlers bound in a constructor). An own `bind` on
 * every marked function (and bound one) does it wherever the binding happens — in marked code
 * or not, compiled or plain; otherwise it is `Function.prototype.bind`. Assigned, not defined:
 * `Object.defineProperty` (to hide it from `Object.keys`) made every `twin()` 50× slower, and
 * marked closures are made at run time, often in loops.
 */
function bindKeepsTwin(fn: Function & { bind: unknown }): void {
  fn.bind = bindMarked;
}

function bindMarked(this: Function & Marked, thisArg: unknown, ...bound: unknown[]): Function {
  const gen = this[TWIN];
  const fn: Function & Marked = Function.prototype.bind.call(this, thisArg, ...bound);
  if (gen === undefined) return fn; // `bind` was moved onto something unmarked
  const boundGen = function (this: unknown, ...rest: unknown[]) {
    return gen.apply(thisArg, bound.length === 0 ? rest : [...bound, ...rest]);
  } as TwinFunction & Marked;
  fn[TWIN] = boundGen;
  boundGen[TWIN] = boundGen;
  bindKeepsTwin(fn);
  return fn;
}

// A lowered for-of's protocol checks (transformer/for-of.ts, babel/for-of.ts).
export { iterate, stepDone, closed } from './iteration';
