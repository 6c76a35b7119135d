/** One wait in a WaitList, with an optional time limit: the helper of the hub's less busy waits. */
import { hub, Outcome, resumeNow, State, waitSlot, type Slot, type WaitList } from './hub';

/** What a wait receives when its own time limit ran out. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/** Checks a time limit in milliseconds given to `what`: undefined (none) or a number ≥ 0. */
export function checkMs(what: string, ms: number | undefined): void {
  if (ms !== undefined && (typeof ms !== 'number' || !(ms >= 0))) {
    throw new RangeError(`${what}: the time limit must be a number of milliseconds ≥ 0 (or omitted), got ${String(ms)}`);
  }
}

/**
 * Suspends the current greenlet in `list` until something wakes it (returns true) or, given
 * `ms`, until `ms` milliseconds have passed (returns false). Like every wait it ends early with
 * a kill() or a withTimeout() deadline; `what` names the caller for the error on main.
 * @greenlet
 */
export function waitIn(list: WaitList, what: string, ms?: number): boolean {
  const slot = waitSlot(what);
  const seq = slot.seq;
  list.add(slot, seq);
  const timer = ms === undefined ? undefined : setTimeout(timedOut, ms, slot, seq);
  let sent: unknown;
  try {
    sent = hub().switch();
  } finally {
    slot.state = State.Running;
    if (timer !== undefined) clearTimeout(timer);
  }
  return slot.take(sent) !== TIMED_OUT;
}

/** The timer of a time limit: ends wait `seq` of `slot` with TIMED_OUT. */
export function timedOut(slot: Slot, seq: number): void {
  resumeNow(slot, seq, Outcome.Value, TIMED_OUT);
}
