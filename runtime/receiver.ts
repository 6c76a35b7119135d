/**
 * The `this` a greenlet's run function is called with. The runtime promises the greenlet
 * itself, but on the native backend that call's frame stays on the greenlet thread's stack
 * while the greenlet is suspended, and a receiver there keeps the greenlet reachable: the
 * collector could never find an abandoned greenlet (collect.ts) to end it. Arrow functions
 * and bound functions cannot observe their receiver, so they get none — on both backends
 * (a cps twin's generator keeps its receiver too).
 */
import type { GreenletState } from './state';
import * as transfer from './transfer';

export function receiverFor(fn: Function, s: GreenletState): unknown {
  return ignoresReceiver(fn) ? undefined : transfer.shellOf(s);
}

// `async`? then one parameter name or a parenthesised list without nested parentheses, then
// `=>`. Anything less plain (default values with calls, comments) is not recognised, which
// only costs the unreachable-greenlet check, never the semantics of `this`.
const ARROW = /^(?:async\s*)?(?:\([^()]*\)|[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)\s*=>/u;
const NATIVE = /^function\s*\(\)\s*\{\s*\[native code\]\s*\}$/;

/** Whether `fn` cannot see the `this` it is called with: an arrow function or a bound function. */
export function ignoresReceiver(fn: Function): boolean {
  if (Object.prototype.hasOwnProperty.call(fn, 'prototype')) return false; // plain functions, classes, generators
  const source = Function.prototype.toString.call(fn);
  // Bound functions print as native code and are named "bound …"; builtins that use `this`
  // print the same but are not named so.
  if (NATIVE.test(source)) return typeof fn.name === 'string' && fn.name.startsWith('bound ');
  return ARROW.test(source);
}
