/** Queues for greenlets to hand each other items (gevent.queue.Queue and JoinableQueue). */
import { hub, Outcome, State, waitSlot, wake, WaitList, type Slot } from './hub';
import { checkMs, timedOut, TIMED_OUT, waitIn } from './waiting';

/** putNowait() on a full queue, or put(item, ms) that waited `ms` for room (gevent's queue.Full). */
export class QueueFull extends Error {
  constructor(message = 'the queue is full') {
    super(message);
    this.name = 'QueueFull';
  }
}

/** getNowait() or peekNowait() on an empty queue, or get(ms) that waited `ms` for an item (gevent's queue.Empty). */
export class QueueEmpty extends Error {
  constructor(message = 'the queue is empty') {
    super(message);
    this.name = 'QueueEmpty';
  }
}

/** put() on a queue that was shut down, or get() on one that is also empty (Python 3.13's queue.ShutDown). */
export class QueueShutDown extends Error {
  constructor(message = 'the queue was shut down') {
    super(message);
    this.name = 'QueueShutDown';
  }
}

/**
 * A FIFO of items: an array read from `head`, compacted when the read part is half of it.
 * Array.prototype.shift() moves every item left: a queue that a slow consumer lets grow to
 * thousands of items spent more time there than anywhere else in the hub.
 */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  first(): T {
    return this.items[this.head] as T;
  }

  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head++] = undefined; // not kept alive by the queue
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** A greenlet waiting in put(); `granted` once a get() promised it a place. */
interface Putter {
  readonly slot: Slot;
  readonly seq: number;
  granted: boolean;
}

export class Queue<T> implements Iterable<T> {
  /** At most this many items (Infinity: unbounded); put() waits while it is reached. */
  readonly maxsize: number;
  private items = new Fifo<T>();
  /** Greenlets waiting in get(), oldest first. */
  private getters = new WaitList();
  /** Greenlets waiting in peek(). */
  private peekers = new WaitList();
  /** Greenlets waiting in put() for room, oldest first. */
  private putters: Putter[] = [];
  /** Places promised to putters that a get() woke and that have not put yet. */
  private reserved = 0;
  private closed = false;

  /** `maxsize`: an integer ≥ 1, or Infinity (the default) for an unbounded queue. */
  constructor(maxsize: number = Infinity) {
    if (maxsize !== Infinity && !(Number.isInteger(maxsize) && maxsize >= 1)) {
      throw new RangeError(`new Queue(maxsize): maxsize must be an integer ≥ 1 or Infinity (unbounded), got ${String(maxsize)}`);
    }
    this.maxsize = maxsize;
  }

  /** Number of items in the queue. */
  get size(): number {
    return this.items.length;
  }

  /** There is no item. */
  empty(): boolean {
    return this.items.length === 0;
  }

  /** A put() would wait now (gevent's full()). */
  full(): boolean {
    return !this.hasRoom();
  }

  /**
   * Adds `item` at the end; while the queue holds maxsize items, suspends the current greenlet
   * until a get() makes room (putters get room in the order they came). Given `ms`, waits at
   * most that long and then throws QueueFull. On the main greenlet a full queue is a
   * GreenletError (main cannot wait); use putNowait().
   * @greenlet
   */
  put(item: T, ms?: number): void {
    if (this.closed) throw new QueueShutDown('put() on a queue that was shut down');
    if (this.hasRoom()) {
      this.enqueue(item);
      return;
    }
    checkMs('Queue.put(item, ms)', ms);
    const slot = waitSlot('Queue.put() on a full queue');
    const me: Putter = { slot, seq: slot.seq, granted: false };
    this.putters.push(me);
    const timer = ms === undefined ? undefined : setTimeout(timedOut, ms, slot, me.seq);
    let sent: unknown;
    let woke = false;
    try {
      sent = slot.take(hub().switch());
      woke = sent !== TIMED_OUT;
    } finally {
      slot.state = State.Running;
      if (timer !== undefined) clearTimeout(timer);
      if (me.granted) {
        this.reserved--;
        // Interrupted after a get() chose it: the place goes to the next putter.
        if (!woke) this.grantPutters();
      } else {
        const i = this.putters.indexOf(me);
        if (i >= 0) this.putters.splice(i, 1);
      }
    }
    if (!woke) throw new QueueFull(`put() waited ${String(ms)} ms for room in a full queue`);
    this.enqueue(item);
  }

  /** Adds `item` if there is room now, else throws QueueFull (never waits). */
  putNowait(item: T): void {
    if (this.closed) throw new QueueShutDown('putNowait() on a queue that was shut down');
    if (!this.hasRoom()) throw new QueueFull();
    this.enqueue(item);
  }

  /**
   * Removes and returns the oldest item, suspending the current greenlet until there is one.
   * Given `ms`, waits at most that long and then throws QueueEmpty. On a queue shut down and
   * empty it throws QueueShutDown. On the main greenlet it returns an item if there is one,
   * else throws GreenletError.
   * @greenlet
   */
  get(ms?: number): T {
    if (this.items.length === 0) checkMs('Queue.get(ms)', ms);
    while (this.items.length === 0) {
      if (this.closed) throw new QueueShutDown('get() on a queue that was shut down and is empty');
      const slot = waitSlot('Queue.get() on an empty queue');
      this.getters.add(slot, slot.seq);
      const timer = ms === undefined ? undefined : setTimeout(timedOut, ms, slot, slot.seq);
      let woke = false;
      try {
        woke = slot.take(hub().switch()) !== TIMED_OUT;
      } finally {
        slot.state = State.Running;
        if (timer !== undefined) clearTimeout(timer);
        // Killed while woken for an item: hand the wake-up on, so the item does not sit unseen.
        if (!woke && this.items.length > 0) this.wakeGetter();
      }
      if (!woke) throw new QueueEmpty(`get() waited ${String(ms)} ms for an item`);
    }
    return this.dequeue();
  }

  /** Removes and returns the oldest item if there is one, else throws QueueEmpty (never waits). */
  getNowait(): T {
    if (this.items.length === 0) {
      throw this.closed ? new QueueShutDown('getNowait() on a queue that was shut down and is empty') : new QueueEmpty();
    }
    return this.dequeue();
  }

  /**
   * Returns the oldest item without removing it, suspending the current greenlet until there is
   * one (gevent's peek()). On a queue shut down and empty it throws QueueShutDown.
   * @greenlet
   */
  peek(): T {
    while (this.items.length === 0) {
      if (this.closed) throw new QueueShutDown('peek() on a queue that was shut down and is empty');
      waitIn(this.peekers, 'Queue.peek() on an empty queue');
    }
    return this.items.first();
  }

  /** The oldest item without removing it, else throws QueueEmpty (never waits). */
  peekNowait(): T {
    if (this.items.length === 0) throw new QueueEmpty();
    return this.items.first();
  }

  /**
   * Ends the queue, as Python 3.13's Queue.shutdown(): put() throws QueueShutDown from now on,
   * also in the greenlets waiting in it; get() and peek() go on returning the items left, then
   * throw QueueShutDown (the greenlets waiting in them are woken to do so); iteration ends.
   */
  shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.getters.wakeAll();
    this.peekers.wakeAll();
    const putters = this.putters;
    this.putters = [];
    for (const p of putters) wake(p.slot, p.seq, Outcome.Throw, new QueueShutDown('put() on a queue that was shut down'));
  }

  /** shutdown() was called. */
  get isShutDown(): boolean {
    return this.closed;
  }

  /**
   * Iterates by get(): each step waits for the next item; the iteration ends when the queue is
   * shut down and empty. On cps, iterate in a marked function (for-of there waits).
   */
  [Symbol.iterator](): QueueIterator<T> {
    return new QueueIterator(this);
  }

  /** @internal An item entered the queue (JoinableQueue counts it). */
  protected entered(): void {}

  private hasRoom(): boolean {
    return this.putters.length === 0 && this.items.length + this.reserved < this.maxsize;
  }

  private enqueue(item: T): void {
    this.items.push(item);
    this.entered();
    // Peekers first: they run before the getter that takes the item.
    this.peekers.wakeAll();
    this.wakeGetter();
  }

  private dequeue(): T {
    const item = this.items.shift();
    this.grantPutters();
    if (this.items.length > 0) this.wakeGetter();
    return item;
  }

  /** Promises the room there is now to the oldest waiting putters. */
  private grantPutters(): void {
    while (this.putters.length > 0 && this.items.length + this.reserved < this.maxsize) {
      const next = this.putters.shift()!;
      if (wake(next.slot, next.seq, Outcome.Value, undefined)) {
        next.granted = true;
        this.reserved++;
      }
    }
  }

  private wakeGetter(): void {
    this.getters.wakeOne();
  }
}

/** for-of over a Queue: next() is get(), done once the queue is shut down and empty. */
export class QueueIterator<T> implements Iterator<T, undefined>, Iterable<T> {
  constructor(private readonly queue: Queue<T>) {}

  /** @greenlet */
  next(): IteratorResult<T, undefined> {
    if (this.queue.isShutDown && this.queue.empty()) return { done: true, value: undefined };
    try {
      return { done: false, value: this.queue.get() };
    } catch (error) {
      if (error instanceof QueueShutDown && this.queue.empty()) return { done: true, value: undefined };
      throw error;
    }
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** A Queue that counts unfinished tasks: every item put is one, until taskDone() (gevent's JoinableQueue). */
export class JoinableQueue<T> extends Queue<T> {
  private unfinished = 0;
  /** Greenlets waiting in join(). */
  private joiners = new WaitList();

  /** Items put and not yet marked done with taskDone(). */
  get unfinishedTasks(): number {
    return this.unfinished;
  }

  /**
   * Marks one item got from the queue as processed; when none is left unfinished, wakes every
   * greenlet waiting in join(). More calls than items put throw an Error.
   */
  taskDone(): void {
    if (this.unfinished <= 0) throw new Error('taskDone() called more times than items were put in the queue');
    if (--this.unfinished === 0) this.joiners.wakeAll();
  }

  /**
   * Waits until every item put has been marked done with taskDone() and returns true; given
   * `ms`, waits at most that long and returns false if tasks are still unfinished then.
   * @greenlet
   */
  join(ms?: number): boolean {
    checkMs('JoinableQueue.join(ms)', ms);
    const end = ms === undefined ? undefined : Date.now() + ms;
    while (this.unfinished > 0) {
      const left = end === undefined ? undefined : Math.max(0, end - Date.now());
      if (!waitIn(this.joiners, 'JoinableQueue.join() with unfinished tasks', left)) return this.unfinished === 0;
    }
    return true;
  }

  protected override entered(): void {
    this.unfinished++;
  }
}
