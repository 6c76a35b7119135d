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
 *       ? ((_f = _r, (_r = _r.next()).done === true) ? _r.value : (yield suspend(_f, _r.value)))
 *       : (_r === CALL ? (yield _r) : _r))
 *
 * A marked `f` is called as its twin, whose fresh generator the caller steps at once; an
 * unmarked one plainly; `Greenlet#switch`/`throw` as their TRANSFER, which makes the transfer
 * there and then (the cps backend's `Transfers`) and returns CALL, or the call's value when control
 * stays in this greenlet. Only when the call really suspends does the twin yield CALL (after
 * `suspend` has put the callee's generator on `suspended`), and so on down to the trampoline,
 * each level adding its callee's generator on the way. The trampoline puts those generators on
 * the greenlet's frame stack and runs the greenlet the transfer made current: a call that does
 * not suspend never goes through it, and a switch still costs the same at any depth.
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
 * them. It makes the transfer and returns CALL, for the twin to yield to the trampoline.
 * One symbol per copy of greenlet-ts (not `Symbol.for`): another copy's switch, reached from a
 * twin of this one, is then called plainly, as from plain code, instead of giving back the
 * other copy's CALL as a value.
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
 * What `call` returns when the call suspended, and the one value a twin ever yields: "the
 * transfer has been made: put the generators in `suspended` on the stack, and run the greenlet
 * that is current now".
 */
export const CALL: unique symbol = Symbol('greenlet-ts.call') as any;

/**
 * The generators of marked calls that suspended above the frame now yielding, innermost
 * first: on their way down to the trampoline, which moves them onto the greenlet's stack.
 */
export const suspended: Generator<unknown, unknown, unknown>[] = [];

/** The arguments of every `call0`: one shared array, so frozen. */
export const NO_ARGS = Object.freeze([]) as unknown as unknown[];

/** Loaded-twin counter, so an untransformed build on cps can be told apart in errors. */
export let twinsRegistered = 0;

/**
 * How the cps backend makes a twin's `switch`/`throw` (runtime-fallback/trampoline.ts): at the
 * call, before the twin yields, so that the trampoline only has to run the greenlet it made
 * current (no record of the call is passed down to it). Each returns CALL when control left the
 * calling greenlet, else what the call returns; an error is thrown at the call.
 */
export interface Transfers {
  switch1(target: unknown, arg: unknown): unknown;
  switch(target: unknown, args: unknown[]): unknown;
  throw(target: unknown, args: unknown[]): unknown;
}

// `Greenlet.prototype.switch` and `throw`, and how to make them: set by the trampoline before it
// runs any twin (this module cannot import the runtime: emitted code imports it). Until then
// SWITCH and THROW match nothing (not even a call of `undefined`). Module variables, not the
// `Transfers` object: one load fewer on every switch. `var`, not `let`: read from a closure, a
// `let` is checked for its temporal dead zone at every read (two instructions each, several a
// switch; bench/RESULTS.md).
const UNSET = {};
var SWITCH: unknown = UNSET;
var THROW: unknown = UNSET;
var switch1: Transfers['switch1'];
var switchN: Transfers['switch'];
var throwN: Transfers['throw'];

/** Tells the protocol which functions are transfers, and how the cps backend makes them. */
export function setTransfers(switchFn: Function, throwFn: Function, transfers: Transfers): void {
  SWITCH = switchFn;
  THROW = throwFn;
  switch1 = transfers.switch1;
  switchN = transfers.switch;
  throwN = transfers.throw;
  (switchFn as { [TRANSFER]?: Function })[TRANSFER] = siteTransfer(switchFn);
  (throwFn as { [TRANSFER]?: Function })[TRANSFER] = siteTransfer(throwFn);
}

/**
 * The TRANSFER of `transfer`: a site's call of it goes to the helpers, which make the transfer
 * and return CALL. One argument (most switches) takes no array; `arguments` is only counted,
 * and passed on by `apply` (which V8 forwards without making an arguments object).
 */
function siteTransfer(transfer: Function): Function {
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
  if (callee === SWITCH) return switchN(thisArg, args);
  if (callee === THROW) return throwN(thisArg, args);
  const twin = callee != null ? (callee as Marked)[TWIN] : undefined;
  if (twin !== undefined) {
    const gen = twin.apply(thisArg, args);
    const r = generatorNext.call(gen, undefined);
    return r.done === true ? r.value : suspend(gen, r.value); // `=== true`: see trampoline.ts
  }
  return callable(callee).apply(thisArg, args);
}

/**
 * `call(f, t, [])` without the array: most suspension points pass zero or one argument (every
 * `g.switch()` and `g.switch(x)`), and an array per switch was a large part of its cost.
 */
export function call0(callee: unknown, thisArg: unknown): unknown {
  // First: a switch is the call to make fastest, and two comparisons cost a marked call little.
  if (callee === SWITCH) return switchN(thisArg, NO_ARGS);
  if (callee === THROW) return throwN(thisArg, NO_ARGS);
  const twin = callee != null ? (callee as Marked)[TWIN] : undefined;
  if (twin !== undefined) {
    const gen = twin.call(thisArg);
    const r = generatorNext.call(gen, undefined);
    return r.done === true ? r.value : suspend(gen, r.value); // `=== true`: see trampoline.ts
  }
  return callable(callee).call(thisArg);
}

/** `call(f, t, [x])` without the array (see call0). */
export function call1(callee: unknown, thisArg: unknown, arg: unknown): unknown {
  // First: a switch is the call to make fastest, and two comparisons cost a marked call little.
  if (callee === SWITCH) return switch1(thisArg, arg);
  if (callee === THROW) return throwN(thisArg, [arg]);
  const twin = callee != null ? (callee as Marked)[TWIN] : undefined;
  if (twin !== undefined) {
    const gen = twin.call(thisArg, arg);
    const r = generatorNext.call(gen, undefined);
    return r.done === true ? r.value : suspend(gen, r.value); // `=== true`: see trampoline.ts
  }
  return callable(callee).call(thisArg, arg);
}

/**
 * `next` of every generator. Called as `resume.call(gen, x)`: `gen.next` would look `next` up on
 * generators of every twin (each has its own prototype), a megamorphic load on the hottest path.
 * Called through a module constant (`generatorNext` here; the trampoline keeps its own copy), not
 * through the exports object: V8 then knows the callee and calls it directly, where a function
 * loaded from an object goes through the generic call builtins (~20 instructions a switch).
 */
const generatorNext = Object.getPrototypeOf(function* () {}).prototype.next as (this: Generator<unknown, unknown, unknown>, x: unknown) => IteratorResult<unknown, unknown>;
export const resume = generatorNext;

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
