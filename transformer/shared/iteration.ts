/**
 * Protocol helpers of a lowered `for-of` (transformer/for-of.ts, babel/for-of.ts): the checks
 * JavaScript's iteration protocol makes, in runtime/iteration.ts. The loop's `next()` and
 * `return()` calls are emitted as ordinary calls, so they become suspension points by the rule
 * for every call.
 */

/** `iterate(value)`: GetIterator — `value[Symbol.iterator]()`, a TypeError unless it gives an object. */
export const ITERATE_HELPER = 'iterate';

/** `stepDone(result)`: IteratorComplete — `result.done`, a TypeError unless `result` is an object. */
export const STEP_DONE_HELPER = 'stepDone';

/** `closed(result)`: the end of IteratorClose — a TypeError unless `return()` gave an object. */
export const CLOSED_HELPER = 'closed';

export type IterationHelper = typeof ITERATE_HELPER | typeof STEP_DONE_HELPER | typeof CLOSED_HELPER;
