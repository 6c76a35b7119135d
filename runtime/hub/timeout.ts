/** Deadlines: withTimeout() and the Timeout it throws, as gevent's Timeout / with_timeout. */
import { currentSlot, Outcome, resumeNow, State, type Deadline, type Slot } from './hub';

/** Thrown where a greenlet waits when the deadline of its withTimeout() has passed. */
export class Timeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'Timeout';
  }
}

/**
 * Calls `fn()` in the current greenlet with a deadline `ms` milliseconds away. If `fn` has not
 * returned by then, the wait it is in (wait, sleep, Queue.get, Event.wait, Semaphore.acquire,
 * join, kill) throws a Timeout — or its next wait does, if it is running at that moment — which
 * leaves withTimeout() unless `fn` catches it. What the abandoned wait was waiting for is
 * dropped (a promise settling later is ignored; a queue item or a permit goes to the next
 * waiter). The deadline ends with `fn`, however it ends. Called from the main greenlet it throws
 * GreenletError: main cannot wait.
 * @greenlet
 */
export function withTimeout<T>(ms: number, fn: () => T): T {
  if (typeof ms !== 'number' || !(ms >= 0)) {
    throw new RangeError(`withTimeout(ms, fn): ms must be a number ≥ 0, got ${String(ms)}`);
  }
  if (typeof fn !== 'function') throw new TypeError('withTimeout(ms, fn): fn must be a function');
  const slot = currentSlot('withTimeout()');
  const deadline: Deadline = { timeout: new Timeout(ms), passed: false };
  (slot.deadlines ??= []).push(deadline);
  const timer = setTimeout(expire, ms, slot, deadline);
  try {
    return fn();
  } finally {
    clearTimeout(timer);
    const list = slot.deadlines!;
    list.splice(list.indexOf(deadline), 1);
    if (list.length === 0) slot.deadlines = undefined;
  }
}

/** The timer of a deadline: throws its Timeout into the wait going on, else at the next one. */
function expire(slot: Slot, deadline: Deadline): void {
  if (slot.state === State.Waiting) {
    resumeNow(slot, slot.seq, Outcome.Throw, deadline.timeout);
  } else {
    deadline.passed = true; // running, or already woken: waitSlot() throws it
  }
}
