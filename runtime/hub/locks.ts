/** gevent.lock's BoundedSemaphore and RLock, over the hub's Semaphore. */
import { getcurrent, type Greenlet } from 'greenlet-ts';
import { Semaphore } from './semaphore';

/** A Semaphore whose release() throws when it would hold more permits than it started with. */
export class BoundedSemaphore extends Semaphore {
  /** The permits it started with: release() never goes beyond. */
  readonly bound: number;

  constructor(value: number = 1) {
    super(value);
    this.bound = value;
  }

  override release(): void {
    if (this.available >= this.bound) {
      throw new Error(`BoundedSemaphore released too many times: it already holds all of its ${this.bound} permit(s)`);
    }
    super.release();
  }
}

/**
 * A lock its owner may take again (gevent's RLock): acquire() by the greenlet holding it only
 * counts; it is free again after as many release() calls. Only the owner may release it.
 */
export class RLock {
  private readonly lock = new Semaphore(1);
  private holder: Greenlet | undefined = undefined;
  private depth = 0;

  /**
   * Takes the lock, suspending the current greenlet while another greenlet holds it; waiters
   * get it in the order they came.
   * @greenlet
   */
  acquire(): void {
    const me = getcurrent();
    if (this.holder === me) {
      this.depth++;
      return;
    }
    this.lock.acquire();
    this.holder = me;
    this.depth = 1;
  }

  /** Undoes one acquire() of the current greenlet; the last one frees the lock for the next waiter. */
  release(): void {
    if (this.holder !== getcurrent()) {
      throw new Error(
        this.holder === undefined
          ? 'RLock.release() of a lock nobody holds'
          : 'RLock.release() by a greenlet that does not hold it: only the greenlet that acquired it may release it',
      );
    }
    if (--this.depth === 0) {
      this.holder = undefined;
      this.lock.release();
    }
  }

  /** Some greenlet holds it. */
  locked(): boolean {
    return this.holder !== undefined;
  }

  /** The greenlet holding it, if any. */
  get owner(): Greenlet | undefined {
    return this.holder;
  }

  /**
   * acquire(), then `fn()`, then release() however `fn` ends; returns what `fn` returns. On cps
   * mark `fn` if it waits.
   * @greenlet
   */
  withLock<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }
}
