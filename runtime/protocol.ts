/**
 * The run-time protocol between code emitted by the greenlet-ts transformers and the
 * runtime. Emitted modules import this file (as `greenlet-ts/protocol`) and nothing else.
 *
 * A marked function keeps its plain body (run as is on the native backend and on the main
 * greenlet's real stack) and gets a generator "twin" (run on the cps backend). Inside a twin
 * a suspension point `f(a, b)` drives the call itself, on the real stack (with `_f` and `_r`
 * temporaries of the twin; TWIN, TRANSFER and CALL bound to module constants):
 *
 *     (((_r = ((_f = f)?.[TWIN] ?? _f?.[TRANSFER] ?? callable(_f))(a, b)), _f[TWIN] !== undefined)
 *       ? ((_f = _r, (_r = _r.next()).done) ? _r.value : (yield suspend(_f, _r.value)))
 *       : (_r === CALL ? (yield _r) : _r))
 *
 * A marked `f` is called as its twin, whose fresh generator the caller steps at once; an
 * unmarked one plainly; `Greenlet#switch`/`throw` as their TRANSFER, which records the transfer
 * in `pending` and returns CALL. Only when the call really suspends does the twin yield CALL
 * (after `suspend` has put the callee's generator on `suspended`), and so on down to the
 * trampoline, each level adding its callee's generator on the way. The trampoline puts those
 * generators on the greenlet's frame stack, so a call that does not suspend never goes
 * through it, and a switch still costs the same at any depth.
 *
 * Written out at each site, the call is monomorphic where the site is: a helper shared by
 * every site (`call`, below) cannot be inlined, and costs a marked call a third more. Sharing
 * the temporaries is safe because nothing between a write and its read can write them: the
 * arguments of a site emitted this way hold no suspension point (a site whose arguments do
 * uses `call`, `call0` or `call1`, which take everything as arguments; so does a call the
 * checker proves is `Greenlet#switch`/`throw`, as the helpers test for a transfer first).
 */

import * as iteration from './iteration';

/** `fn[TWIN]` is the generator twin of a marked function `fn`. */
export const TWIN: unique symbol = Symbol.for('greenlet-ts.twin') as any;

/**
 * `fn[TRANSFER]`, on `Greenlet#switch` and `Greenlet#throw` only: what a twin calls instead of
 * them. It records the transfer in `pending` and returns CALL, and the trampoline performs it.
 * One symbol per copy of greenlet-ts (not `Symbol.for`): another copy's switch, reached from a
 * twin of this one, is then called plainly, as from plain code, instead of recording into the
 * other copy's `pending` and giving back its CALL as a value.
 */
export const TRANSFER: unique symbol = Symbol('greenlet-ts.transfer') as any;

/**
 * On a twin's `prototype` (which its generators inherit from): the marked function's name, for
 * the frames a stack trace on cps appends (runtime-fallback/trampoline.ts).
 */
export const FRAME_NAME: unique symbol = Symbol('greenlet-ts.frame-name') as any;

export type TwinFunction = (this: any, ...args: any[]) => Generator<unknown, unknown, unknown>;
export type Marked = { [TWIN]?: TwinFunction };

/**
 * What `call` returns when the call suspended, and the one value a twin ever yields: "perform
 * the transfer held in `pending`, after putting the generators in `suspended` on the stack".
 */
export const CALL: unique symbol = Symbol('greenlet-ts.call') as any;

/**
 * The transfer (a `switch` or `throw` call) a twin has just yielded. A single record suffices:
 * the trampoline reads it before any other code runs, so two yields never overlap. `args` is
 * null for a call made with `call1`, whose one argument is in `arg`.
 */
export const pending: { callee: unknown; thisArg: unknown; args: unknown[] | null; arg: unknown } = {
  callee: undefined,
  thisArg: undefined,
  args: [],
  arg: undefined,
};

/**
 * The generators of marked calls that suspended above the frame now yielding, innermost
 * first: on their way down to the trampoline, which moves them onto the greenlet's stack.
 */
export const suspended: Generator<unknown, unknown, unknown>[] = [];

/**
 * The arguments of every `call0`, and what `pending.args` holds between calls: one shared
 * array, so frozen.
 */
export const NO_ARGS = Object.freeze([]) as unknown as unknown[];

/** Loaded-twin counter, so an untransformed build on cps can be told apart in errors. */
export let twinsRegistered = 0;

// `Greenlet.prototype.switch` and `throw`: the calls only the trampoline can make. Set by it
// before it runs any twin (this module cannot import the runtime: emitted code imports it).
// Until then they match nothing (not even a call of `undefined`).
const UNSET = {};
let SWITCH: unknown = UNSET;
let THROW: unknown = UNSET;

/** Tells the protocol which functions are transfers, performed by the trampoline. */
export function setTransfers(switchFn: Function, throwFn: Function): void {
  SWITCH = switchFn;
  THROW = throwFn;
  (switchFn as { [TRANSFER]?: Function })[TRANSFER] = recorder(switchFn);
  (throwFn as { [TRANSFER]?: Function })[TRANSFER] = recorder(throwFn);
}

/**
 * The TRANSFER of `transfer`: a site's call of it goes to the helpers, which record a transfer
 * for the trampoline (in `pending`) and return CALL. One argument (most switches) takes no array;
 * `arguments` is only counted, and passed on by `apply` (which V8 forwards without making an
 * arguments object).
 */
function recorder(transfer: Function): Function {
  const many = function (this: unknown, ...args: unknown[]): unknown {
    return call(transfer, this, args);
  };
  return function (this: unknown, arg?: unknown): unknown {
    const n = arguments.length;
    return n === 1 ? call1(transfer, this, arg) : n === 0 ? call0(transfer, this) : many.apply(this, arguments as unknown as unknown[]);
  };
}

/**
 * The generator of a marked call that did not finish at its first step: it suspended, and goes
 * (above the frames already in `suspended`) toward the trampoline. Returns CALL, for the
 * twin around the call to yield.
 */
export function suspend(gen: Generator<unknown, unknown, unknown>, yielded: unknown): typeof CALL {
  if (yielded !== CALL) {
    gen.return(undefined);
    throw new TypeError('a greenlet twin yielded something other than a call: was it compiled by a different greenlet-ts?');
  }
  suspended.push(gen);
  return CALL;
}

/**
 * A suspension point in the helper form (see above: a switch or throw, or a site whose `this`
 * or arguments hold suspension points), calling `callee` with `this` = `thisArg`: its value, or
 * CALL.
 */
export function call(callee: unknown, thisArg: unknown, args: unknown[]): unknown {
  // First: a switch is the call to make fastest, and two comparisons cost a marked call little.
  if (callee === SWITCH || callee === THROW) {
    pending.callee = callee;
    pending.thisArg = thisArg;
    pending.args = args;
    return CALL;
  }
  const twin = callee != null ? (callee as Marked)[TWIN] : undefined;
  if (twin !== undefined) {
    const gen = twin.apply(thisArg, args);
    const r = resume.call(gen, undefined);
    return r.done ? r.value : suspend(gen, r.value);
  }
  return callable(callee).apply(thisArg, args);
}

/**
 * `call(f, t, [])` without the array: most suspension points pass zero or one argument (every
 * `g.switch()` and `g.switch(x)`), and an array per switch was a large part of its cost.
 */
export function call0(callee: unknown, thisArg: unknown): unknown {
  // First: a switch is the call to make fastest, and two comparisons cost a marked call little.
  if (callee === SWITCH || callee === THROW) {
    pending.callee = callee;
    pending.thisArg = thisArg;
    pending.args = NO_ARGS;
    return CALL;
  }
  const twin = callee != null ? (callee as Marked)[TWIN] : undefined;
  if (twin !== undefined) {
    const gen = twin.call(thisArg);
    const r = resume.call(gen, undefined);
    return r.done ? r.value : suspend(gen, r.value);
  }
  return callable(callee).call(thisArg);
}

/** `call(f, t, [x])` without the array (see call0). */
export function call1(callee: unknown, thisArg: unknown, arg: unknown): unknown {
  // First: a switch is the call to make fastest, and two comparisons cost a marked call little.
  if (callee === SWITCH || callee === THROW) {
    pending.callee = callee;
    pending.thisArg = thisArg;
    pending.args = null;
    pending.arg = arg;
    return CALL;
  }
  const twin = callee != null ? (callee as Marked)[TWIN] : undefined;
  if (twin !== undefined) {
    const gen = twin.call(thisArg, arg);
    const r = resume.call(gen, undefined);
    return r.done ? r.value : suspend(gen, r.value);
  }
  return callable(callee).call(thisArg, arg);
}

/**
 * `next` of every generator. Called as `resume.call(gen, x)`: `gen.next` would look `next` up on
 * generators of every twin (each has its own prototype), a megamorphic load on the hottest path.
 */
export const resume = Object.getPrototypeOf(function* () {}).prototype.next as (this: Generator<unknown, unknown, unknown>, x: unknown) => IteratorResult<unknown, unknown>;

/**
 * `callee` when it is a function; else the TypeError a plain call would throw. Also what a site
 * calls for a callee with neither TWIN nor TRANSFER.
 */
export function callable(callee: unknown): Function {
  if (typeof callee === 'function') return callee;
  throw new TypeError(`${callee === null ? 'null' : callee === undefined ? 'undefined' : `a value of type ${typeof callee}`} is not a function`);
}

/**
 * Attaches `gen` as the twin of the marked function `fn` and returns `fn`. The twin is
 * its own twin too, so emitted code may call a twin directly (e.g. a private method's).
 */
export function twin<F extends Function>(fn: F, gen: TwinFunction): F {
  (fn as Marked)[TWIN] = gen;
  (gen as Marked)[TWIN] = gen;
  // Every generator of `gen` inherits from `gen.prototype`: how a suspended frame is named.
  (gen.prototype as { [FRAME_NAME]?: string })[FRAME_NAME] = fn.name;
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

// A lowered for-of's protocol checks (transformer/for-of.ts, babel/for-of.ts). Assigned, not
// re-exported: CommonJS output makes a re-export a getter, and one getter turns this module's
// exports object into a dictionary, slow to read for every site and the trampoline (a cps
// switch cost three times as much; test/runtime/protocol.test.ts keeps it fast).
export const iterate = iteration.iterate;
export const stepDone = iteration.stepDone;
export const closed = iteration.closed;
