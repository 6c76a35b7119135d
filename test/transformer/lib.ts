// A module of marked functions for the cross-module tests in modules.test.ts.
import { pause } from './drive';

/** @greenlet */
export function twice(x: number): number {
  return pause(x) + pause(x * 10);
}

/** @greenlet */
export const triple = (x: number): number => twice(x) + pause('t');

export class Counter {
  n = 0;
  /** @greenlet */
  step(by: number): number {
    this.n += pause(by);
    return this.n;
  }
}

/** An unmarked function: calling it never suspends. */
export function plain(x: number): number {
  return x + 1;
}

export default /** @greenlet */ function (x: number): number {
  return pause(`default ${x}`);
}
