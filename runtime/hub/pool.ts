/** Groups of greenlets and pools of limited size (gevent.pool.Group and Pool). */
import { GreenletExit } from 'greenlet-ts';
import { killAll } from './greenlets';
import { WaitList } from './hub';
import { Semaphore } from './semaphore';
import { spawn, Spawned } from './spawn';
import { checkMs, waitIn } from './waiting';

/**
 * A set of running greenlets: spawn() adds one, and it leaves the group when it finishes
 * (gevent's Group). join() waits until the group is empty and throws the first error one of
 * them died of; kill() kills them all; map(), imap() and imapUnordered() run a function over
 * items in greenlets of the group.
 */
export class Group implements Iterable<Spawned<any>> {
  private members = new Set<Spawned<any>>();
  /** Greenlets waiting in join(). */
  private joiners = new WaitList();
  /** Members that died of an error since the last join() that threw one: theirs to report. */
  private failed: Spawned<any>[] = [];

  /** Number of greenlets in the group (gevent's len(group)). */
  get length(): number {
    return this.members.size;
  }

  has(g: Spawned<any>): boolean {
    return this.members.has(g);
  }

  /** The greenlets in the group now. */
  [Symbol.iterator](): Iterator<Spawned<any>> {
    return [...this.members][Symbol.iterator]();
  }

  /**
   * spawn(fn, ...args) in this group; a Pool first waits for a free place.
   * @greenlet
   */
  spawn<A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Spawned<T> {
    this.acquirePlace();
    const g = spawn(fn, ...args);
    this.enter(g, true);
    return g;
  }

  /**
   * Adds a greenlet that spawn() returned; a Pool first waits for a free place. A finished
   * greenlet is not added.
   * @greenlet
   */
  add(g: Spawned<any>): void {
    if (!(g instanceof Spawned)) throw new TypeError('Group.add(g): g must be a greenlet returned by spawn()');
    if (this.members.has(g) || g.ready) return;
    this.acquirePlace();
    if (g.ready) {
      this.releasePlace();
      return;
    }
    this.enter(g, true);
  }

  /** Takes `g` out of the group without waiting for it (its place in a Pool is freed). */
  discard(g: Spawned<any>): void {
    if (this.members.delete(g)) this.left();
  }

  /**
   * Waits until the group is empty — greenlets added meanwhile included — and returns true;
   * given `ms`, waits at most that long and returns false if greenlets remain. Then, if some
   * member died of an error since the last join() that threw, throws the first such error
   * (gevent's `join(raise_error=True)`; the greenlets' `error` holds each one).
   * @greenlet
   */
  join(ms?: number): boolean {
    checkMs('Group.join(ms)', ms);
    const end = ms === undefined ? undefined : Date.now() + ms;
    let empty = true;
    while (this.members.size > 0) {
      const left = end === undefined ? undefined : Math.max(0, end - Date.now());
      if (!waitIn(this.joiners, 'Group.join() of running greenlets', left)) {
        empty = this.members.size === 0;
        break;
      }
    }
    if (this.failed.length > 0) {
      const first = this.failed[0]!;
      this.failed = [];
      throw first.error;
    }
    return empty;
  }

  /**
   * Kills every greenlet of the group (killAll) and, from a greenlet, waits until they have
   * finished unless `block` is false.
   * @greenlet
   */
  kill(options: { block?: boolean } = {}): void {
    killAll([...this.members], options);
  }

  /**
   * `fn(item)` for every item, each in a greenlet of the group (a Pool runs at most its size at
   * once); returns the values in the order of the items. The first error, in that order, is
   * thrown here; the other greenlets go on.
   * @greenlet
   */
  map<I, R>(fn: (item: I) => R, items: Iterable<I>): R[] {
    const gs: Spawned<R>[] = [];
    for (const item of items) gs.push(this.spawnOwned(fn, item));
    const values: R[] = [];
    for (const g of gs) values.push(g.join() as R);
    return values;
  }

  /**
   * Iterates over `fn(item)` for every item, in the order of the items, while greenlets of the
   * group compute them (a Pool at most its size at once); a step that reaches an item whose
   * greenlet failed throws its error. Breaking out stops spawning; greenlets already running go
   * on. On cps, iterate in a marked function.
   */
  imap<I, R>(fn: (item: I) => R, items: Iterable<I>): IMap<R> {
    return new IMap(this, fn, items, true);
  }

  /** imap(), but values come as their greenlets finish, not in the order of the items. */
  imapUnordered<I, R>(fn: (item: I) => R, items: Iterable<I>): IMap<R> {
    return new IMap(this, fn, items, false);
  }

  /**
   * @internal spawn() for map and imap: the caller takes the errors (they are not thrown by
   * join()).
   * @greenlet
   */
  spawnOwned<I, R>(fn: (item: I) => R, item: I): Spawned<R> {
    this.acquirePlace();
    const g = spawn(fn, item);
    this.enter(g, false);
    return g;
  }

  /**
   * Waits for room for one more greenlet (a Pool).
   * @greenlet
   */
  protected acquirePlace(): void {}

  /** Gives back the room of a greenlet that left (a Pool). */
  protected releasePlace(): void {}

  private enter(g: Spawned<any>, reportsErrors: boolean): void {
    this.members.add(g);
    // Its error is the group's to report: join() throws it, or map()/imap() do.
    g.markObserved();
    g.onFinish(() => {
      if (!this.members.delete(g)) return;
      if (reportsErrors && g.failedWithError) this.failed.push(g);
      this.left();
    });
  }

  private left(): void {
    this.releasePlace();
    if (this.members.size === 0) this.joiners.wakeAll();
  }
}

/**
 * A Group of at most `size` greenlets at once (gevent's Pool): spawn(), add(), map() and
 * imap() wait for a free place, which a greenlet gives back when it finishes (also when it
 * fails or is killed).
 */
export class Pool extends Group {
  /** The most greenlets it runs at once. */
  readonly size: number;
  private places: Semaphore;
  /** WaitLists of waitAvailable() calls, woken when a place is freed. */
  private watchers: WaitList[] = [];

  constructor(size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`new Pool(size): size must be an integer ≥ 1, got ${String(size)}`);
    super();
    this.size = size;
    this.places = new Semaphore(size);
  }

  /** Free places now (gevent's free_count()). */
  freeCount(): number {
    return this.places.available;
  }

  /** No free place: spawn() would wait. */
  full(): boolean {
    return this.places.available === 0;
  }

  /**
   * Waits until a place is free (without taking it) and returns the free places; given `ms`,
   * waits at most that long (gevent's wait_available()).
   * @greenlet
   */
  waitAvailable(ms?: number): number {
    checkMs('Pool.waitAvailable(ms)', ms);
    if (this.places.available > 0) return this.places.available;
    const end = ms === undefined ? undefined : Date.now() + ms;
    const poll = new WaitList();
    this.watchers.push(poll);
    try {
      while (this.places.available === 0) {
        const left = end === undefined ? undefined : Math.max(0, end - Date.now());
        if (!waitIn(poll, 'Pool.waitAvailable() on a full pool', left)) break;
      }
    } finally {
      this.watchers.splice(this.watchers.indexOf(poll), 1);
    }
    return this.places.available;
  }

  /** @greenlet */
  protected override acquirePlace(): void {
    this.places.acquire();
  }

  protected override releasePlace(): void {
    this.places.release();
    for (const w of this.watchers) w.wakeAll();
  }
}

/**
 * What imap() and imapUnordered() return: an iterator whose next() waits for the next value.
 * A feeder greenlet spawns the work, waiting for the pool's places, so the consumer only waits
 * for values.
 */
export class IMap<R> implements Iterator<R, undefined>, Iterable<R> {
  /** Greenlets spawned so far, in the order of the items. */
  private started: Spawned<R>[] = [];
  /** imapUnordered: greenlets finished and not yet taken, in the order they finished. */
  private finished: Spawned<R>[] = [];
  /** Values handed out so far. */
  private taken = 0;
  private fed = false;
  /** return() was called: values that come later are dropped. */
  private closed = false;
  private feedError: { error: unknown } | undefined = undefined;
  private waiting = new WaitList();
  private feeder: Spawned<void>;

  /** @internal Use group.imap() or group.imapUnordered(). */
  constructor(group: Group, fn: (item: any) => R, items: Iterable<unknown>, private readonly ordered: boolean) {
    if (typeof fn !== 'function') throw new TypeError('imap(fn, items): fn must be a function');
    this.feeder = spawn(feed, this, group, fn, items);
    this.feeder.markObserved();
  }

  /**
   * The next value, waiting for it; throws the error its greenlet died of.
   * @greenlet
   */
  next(): IteratorResult<R, undefined> {
    for (;;) {
      if (this.ordered) {
        const g = this.started[this.taken];
        if (g !== undefined) {
          this.taken++;
          return { done: false, value: g.join() as R };
        }
      } else if (this.finished.length > 0) {
        const g = this.finished.shift()!;
        this.taken++;
        if (g.failedWithError) throw g.error;
        return { done: false, value: g.value as R };
      }
      if (this.feedError !== undefined) {
        const { error } = this.feedError;
        this.feedError = undefined;
        this.fed = true;
        throw error;
      }
      if (this.fed && this.taken === this.started.length) return { done: true, value: undefined };
      waitIn(this.waiting, 'imap() before a value is ready');
    }
  }

  /** Stops spawning (greenlets already running go on); the iteration is over. */
  return(): IteratorResult<R, undefined> {
    this.fed = true;
    this.closed = true;
    this.started.length = this.taken;
    this.finished = [];
    if (!this.feeder.ready) killAll([this.feeder], { block: false });
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** @internal The feeder spawned `g`. */
  spawned(g: Spawned<R>): void {
    this.started.push(g);
    if (this.ordered) this.waiting.wakeAll();
    else {
      g.onFinish(() => {
        if (this.closed) return;
        this.finished.push(g);
        this.waiting.wakeAll();
      });
    }
  }

  /** @internal The feeder is done: every item spawned, or the items' iterator threw. */
  done(error?: { error: unknown }): void {
    this.fed = true;
    this.feedError = error;
    this.waiting.wakeAll();
  }
}

/**
 * The feeder of an IMap: spawns fn(item) for each item in the group, as places free up.
 * @greenlet
 */
function feed<R>(it: IMap<R>, group: Group, fn: (item: unknown) => R, items: Iterable<unknown>): void {
  try {
    for (const item of items) it.spawned(group.spawnOwned(fn, item));
  } catch (error) {
    if (error instanceof GreenletExit) throw error; // return() stopped it
    it.done({ error });
    return;
  }
  it.done();
}
