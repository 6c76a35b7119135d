/** AsyncResult: a value or an error that arrives later, once (gevent.event.AsyncResult). */
import { WaitList } from './hub';
import { Timeout } from './timeout';
import { checkMs, waitIn } from './waiting';
import { READY, WATCH, Watchers, type Watched } from './waitable';
import type { OutcomeTaker } from './spawn';

const enum Has {
  Nothing,
  Value,
  Error,
}

export class AsyncResult<T = unknown> implements Watched, OutcomeTaker {
  private has = Has.Nothing;
  private outcome: unknown = undefined;
  /** Greenlets waiting in get() or wait(). */
  private waiters = new WaitList();
  /** iwait() and waitAll() calls waiting for it. */
  private watchers = new Watchers();

  /** Stores `value` and wakes every greenlet waiting for it (a later set… replaces the outcome, as in gevent). */
  set(value: T): void {
    this.settle(Has.Value, value);
  }

  /** Stores `error`, thrown by get() from now on, and wakes every greenlet waiting. */
  setException(error: unknown): void {
    this.settle(Has.Error, error);
  }

  /** It has a value or an error. */
  ready(): boolean {
    return this.has !== Has.Nothing;
  }

  /** It has a value (not an error). */
  successful(): boolean {
    return this.has === Has.Value;
  }

  /** The value once set, else undefined. */
  get value(): T | undefined {
    return this.has === Has.Value ? (this.outcome as T) : undefined;
  }

  /** The error once set with setException(), else undefined. */
  get exception(): unknown {
    return this.has === Has.Error ? this.outcome : undefined;
  }

  /**
   * Returns the value or throws the error, waiting for it first if needed; given `ms`, waits at
   * most that long and then throws a Timeout (as gevent's `get(timeout=…)`). On the main
   * greenlet only a ready result can be got.
   * @greenlet
   */
  get(ms?: number): T {
    checkMs('AsyncResult.get(ms)', ms);
    while (this.has === Has.Nothing) {
      if (!waitIn(this.waiters, 'AsyncResult.get() of a result not set', ms)) throw new Timeout(ms!);
    }
    if (this.has === Has.Error) throw this.outcome;
    return this.outcome as T;
  }

  /** get() that never waits: throws a Timeout when there is no outcome yet (gevent's `get_nowait`). */
  getNowait(): T {
    if (this.has === Has.Nothing) throw new Timeout(0);
    if (this.has === Has.Error) throw this.outcome;
    return this.outcome as T;
  }

  /**
   * Waits until it is ready (given `ms`, at most that long) and returns the value — undefined
   * when it failed or the time ran out; never throws the stored error (gevent's `wait`).
   * @greenlet
   */
  wait(ms?: number): T | undefined {
    checkMs('AsyncResult.wait(ms)', ms);
    if (this.has === Has.Nothing) waitIn(this.waiters, 'AsyncResult.wait() of a result not set', ms);
    return this.value;
  }

  /** @internal OutcomeTaker: a linked greenlet's outcome (g.link(result)). */
  takeOutcome(failed: boolean, outcome: unknown): void {
    this.settle(failed ? Has.Error : Has.Value, outcome);
  }

  /** @internal Watched (waitable.ts). */
  [READY](): boolean {
    return this.has !== Has.Nothing;
  }

  /** @internal Watched (waitable.ts). */
  [WATCH](fn: () => void): () => void {
    return this.watchers.add(fn);
  }

  private settle(has: Has, outcome: unknown): void {
    this.has = has;
    this.outcome = outcome;
    this.waiters.wakeAll();
    this.watchers.fire();
  }
}
