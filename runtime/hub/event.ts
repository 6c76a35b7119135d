/** A flag greenlets can wait for. */
import { hub, State, waitSlot, WaitList } from './hub';
import { READY, WATCH, Watchers, type Watched } from './waitable';

export class Event implements Watched {
  private flag = false;
  /** Greenlets waiting for the flag. */
  private waiters = new WaitList();
  /** iwait() and waitAll() calls waiting for it. */
  private watchers = new Watchers();

  /** Sets the flag and wakes every greenlet waiting for it (even if it is cleared before they run). */
  set(): void {
    if (this.flag) return;
    this.flag = true;
    this.waiters.wakeAll();
    this.watchers.fire();
  }

  /** @internal Watched (waitable.ts). */
  [READY](): boolean {
    return this.flag;
  }

  /** @internal Watched (waitable.ts). */
  [WATCH](fn: () => void): () => void {
    return this.watchers.add(fn);
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
    this.waiters.add(slot, slot.seq);
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
