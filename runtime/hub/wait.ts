/** Waiting for the event loop: a promise, or time. */
import { hub, Outcome, resumeNow, State, waitSlot, yieldTurn, type Slot } from './hub';

/**
 * Suspends the current greenlet until `promise` settles, while the event loop goes on; returns
 * its value or throws its reason. Plain values and thenables are accepted, like `await`.
 * Called from the main greenlet it throws GreenletError: main runs the event loop.
 * @greenlet
 */
export function wait<T>(promise: PromiseLike<T> | T): T {
  const slot = waitSlot('wait()');
  const seq = slot.seq;
  Promise.resolve(promise).then(
    (value) => resumeNow(slot, seq, Outcome.Value, value),
    (reason) => resumeNow(slot, seq, Outcome.Throw, reason),
  );
  let sent: unknown;
  try {
    sent = hub().switch();
  } finally {
    slot.state = State.Running;
  }
  return slot.take(sent) as T;
}

/**
 * Suspends the current greenlet for `ms` milliseconds (a timer). `sleep(0)` or `sleep()` lets
 * every other ready greenlet and pending I/O callback run first, then resumes.
 * @greenlet
 */
export function sleep(ms: number = 0): void {
  if (typeof ms !== 'number' || !(ms >= 0)) {
    throw new RangeError(`sleep(ms): ms must be a number ≥ 0, got ${String(ms)}`);
  }
  const slot = waitSlot('sleep()');
  let timer: NodeJS.Timeout | undefined;
  if (ms === 0) yieldTurn(slot);
  else timer = setTimeout(fireTimer, ms, slot, slot.seq);
  let sent: unknown;
  try {
    sent = hub().switch();
  } finally {
    slot.state = State.Running;
    // Killed in its sleep: the timer must not keep the process alive.
    if (timer !== undefined) clearTimeout(timer);
  }
  slot.take(sent);
}

function fireTimer(slot: Slot, seq: number): void {
  resumeNow(slot, seq, Outcome.Value, undefined);
}
