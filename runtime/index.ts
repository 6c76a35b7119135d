/**
 * The public API, the same on every runtime. The package's entries (entry/node.ts,
 * entry/portable.ts) choose the backend, hand it in, and re-export this with `backend` and
 * `whyNotNative`.
 */
export { Greenlet, greenlet, getcurrent, settrace, gettrace, type RunFunction } from './greenlet';
export { GreenletError, GreenletExit } from './errors';
export type { TraceFn, TraceEvent } from './state';
