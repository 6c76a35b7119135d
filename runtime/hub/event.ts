/** A flag greenlets can wait for. */
import { hub, Outcome, State, waitSlot, wake, type Slot } from './hub';

export class Event {
  private flag = false;
  /** Greenlets waiting for the flag: pairs (slot, wait number). */
  private waiters: Array<Slot | number> = [];

  /** Sets the flag and wakes every greenlet waiting for it (even if it is cleared before they run). */
  set(): void {
    if (this.flag) return;
    this.flag = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (let i = 0; i < waiters.length; i += 2) wake(waiters[i] as Slot, waiters[i + 1] as number, Outcome.Value, undefined);
  }

  clear(): void {
    this.flag = false;
  }

  isSet(): boolean {
    return this.flag;
  }

  /**
   * Returns at once when the flag is set, else suspends the current greenlet until set() is
   * called. On the main greenlet an unset flag is a GreenletError.
   * @greenlet
   */
  wait(): true {
    if (this.flag) return true;
    const slot = waitSlot('Event.wait() on an unset event');
    this.waiters.push(slot, slot.seq);
    let sent: unknown;
    try {
      sent = hub().switch();
    } finally {
      slot.state = State.Running;
    }
    slot.take(sent);
    return true;
  }
}
