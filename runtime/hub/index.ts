/**
 * greenlet-ts/hub: greenlets over the event loop (Node, Deno, Bun, browsers). A spawned greenlet waits for promises,
 * timers, queues and events with plain calls that suspend only it, while the event loop — on
 * the main greenlet — keeps serving everything else.
 */
export { spawn, joinAll, Spawned, type ValueOf, type LinkCallback } from './spawn';
export { wait, sleep } from './wait';
export { Queue, JoinableQueue, QueueIterator, QueueFull, QueueEmpty, QueueShutDown } from './queue';
export { Event } from './event';
export { withTimeout, Timeout } from './timeout';
export { Semaphore } from './semaphore';
export { BoundedSemaphore, RLock } from './locks';
export { AsyncResult } from './result';
export { spawnLater, killAll, iwait, waitAll, waitAny, Iwait, type Waitable } from './greenlets';
export { Group, Pool, IMap } from './pool';
