export { Greenlet, greenlet, getcurrent, settrace, gettrace, type RunFunction } from './greenlet';
export { GreenletError, GreenletExit } from './errors';
export type { TraceFn, TraceEvent } from './state';
import { backend as chosen } from './greenlet';

/** Which backend runs this thread's greenlets. */
export const backend: 'native' | 'cps' = chosen.name;
