// Helpers for the transformer tests: a marked `pause` that suspends the running greenlet and
// hands a value to the main greenlet, and `drive`, which runs a function in a greenlet and
// answers every pause.
import { Greenlet, getcurrent } from 'greenlet-ts';

/**
 * Suspends the current greenlet, handing `v` to its parent; returns what the parent sends back.
 * @greenlet
 */
export function pause(v?: unknown): any {
  return getcurrent().parent!.switch(v);
}

export interface Run {
  /** The values paused with, in order. */
  paused: unknown[];
  /** What the greenlet's function returned. */
  result: unknown;
}

/**
 * Runs `fn(...args)` in a new greenlet. Each pause(v) is answered with `reply(v, i)` (default:
 * `v` itself, so a pause is transparent), until the function returns.
 */
export function drive(fn: (...args: any[]) => unknown, args: unknown[] = [], reply: (v: unknown, i: number) => unknown = (v) => v): Run {
  const paused: unknown[] = [];
  const g = new Greenlet(fn);
  let v = g.switch(...args);
  while (!g.dead) {
    paused.push(v);
    v = g.switch(reply(v, paused.length - 1));
  }
  return { paused, result: v };
}
