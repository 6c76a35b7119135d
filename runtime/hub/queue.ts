/** A FIFO queue for greenlets to hand each other items. */
import { hub, State, waitSlot, WaitList } from './hub';

export class Queue<T> {
  private items: T[] = [];
  /** Greenlets waiting in get(), oldest first. */
  private getters = new WaitList();

  /** Number of items in the queue. */
  get size(): number {
    return this.items.length;
  }

  /** Adds `item` (never suspends: the queue is unbounded) and wakes the oldest waiting get(). */
  put(item: T): void {
    this.items.push(item);
    this.wakeGetter();
  }

  /**
   * Removes and returns the oldest item, suspending the current greenlet until there is one.
   * On the main greenlet it returns an item if there is one, else throws GreenletError.
   * @greenlet
   */
  get(): T {
    while (this.items.length === 0) {
      const slot = waitSlot('Queue.get() on an empty queue');
      this.getters.add(slot, slot.seq);
      let woke = false;
      try {
        slot.take(hub().switch());
        woke = true;
      } finally {
        slot.state = State.Running;
        // Killed while woken for an item: hand the wake-up on, so the item does not sit unseen.
        if (!woke && this.items.length > 0) this.wakeGetter();
      }
    }
    const item = this.items.shift()!;
    if (this.items.length > 0) this.wakeGetter();
    return item;
  }

  private wakeGetter(): void {
    this.getters.wakeOne();
  }
}
