/** A counting semaphore: at most N greenlets past acquire() at once (gevent.lock.Semaphore). */
import { hub, Outcome, State, wake, waitSlot, type Slot } from './hub';

/** A greenlet waiting in acquire(); `granted` once release() handed it a permit. */
interface Waiter {
  readonly slot: Slot;
  readonly seq: number;
  granted: boolean;
}

export class Semaphore {
  private permits: number;
  /** Greenlets waiting for a permit, oldest first. */
  private waiters: Waiter[] = [];

  /** `value` permits (an integer ≥ 0; 1, the default, makes a lock). */
  constructor(value: number = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`new Semaphore(value): value must be an integer ≥ 0, got ${String(value)}`);
    }
    this.permits = value;
  }

  /** Permits free now. */
  get available(): number {
    return this.permits;
  }

  /** True when acquire() would wait. */
  locked(): boolean {
    return this.permits === 0;
  }

  /**
   * Takes a permit, suspending the current greenlet until one is released when none is free;
   * waiters get permits in the order they came. On the main greenlet, with no permit free, it
   * throws GreenletError (main cannot wait).
   * @greenlet
   */
  acquire(): void {
    if (this.permits > 0) {
      this.permits--;
      return;
    }
    const slot = waitSlot('Semaphore.acquire() with no permit free');
    const me: Waiter = { slot, seq: slot.seq, granted: false };
    this.waiters.push(me);
    let acquired = false;
    try {
      slot.take(hub().switch());
      acquired = true;
    } finally {
      slot.state = State.Running;
      if (!acquired) {
        // Interrupted (killed, a Timeout): a permit already handed over goes on to the next
        // waiter; otherwise it stops waiting.
        if (me.granted) {
          this.release();
        } else {
          // Not there when a release() already passed it over (its wait was decided otherwise).
          const i = this.waiters.indexOf(me);
          if (i >= 0) this.waiters.splice(i, 1);
        }
      }
    }
  }

  /** Gives a permit back: to the oldest waiting greenlet (it runs at the next turn), else to the pool. */
  release(): void {
    while (this.waiters.length > 0) {
      const next = this.waiters.shift()!;
      if (wake(next.slot, next.seq, Outcome.Value, undefined)) {
        next.granted = true;
        return;
      }
    }
    this.permits++;
  }

  /**
   * acquire(), then `fn()`, then release() however `fn` ends; returns what `fn` returns. On cps
   * mark `fn` if it waits.
   * @greenlet
   */
  withPermit<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }
}
