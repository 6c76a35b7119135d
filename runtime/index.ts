export { Greenlet, greenlet, getcurrent, settrace, gettrace, type RunFunction } from './greenlet';
export { GreenletError, GreenletExit } from './errors';
export type { TraceFn, TraceEvent } from './state';
import { backend as chosen } from './greenlet';

/** Which backend runs this thread's greenlets. */
export const backend: 'native' | 'cps' = chosen.name;
import { whyNotNative as why } from './backend';

/**
 * Why the native backend is not running on this thread (not built, built for another Node,
 * GREENLET_BACKEND=cps, …); undefined when it is.
 */
export const whyNotNative: string | undefined = why;
