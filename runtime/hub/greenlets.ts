/** gevent's spawn_later, killall, iwait and wait, for the hub's greenlets, events and results. */
import { getcurrent, GreenletExit } from 'greenlet-ts';
import { hub, Outcome, resumeNow, schedule, State, waitSlot, wake, type Slot } from './hub';
import type { Event } from './event';
import type { AsyncResult } from './result';
import { killNow, Spawned } from './spawn';
import { checkMs } from './waiting';
import { isWatched, READY, WATCH } from './waitable';

/** What iwait(), waitAll() and waitAny() wait for: a spawned greenlet (until it finishes), an Event (until set), an AsyncResult (until it has its outcome). */
export type Waitable = Spawned<any> | Event | AsyncResult<any>;

/**
 * spawn(), but the greenlet starts `ms` milliseconds from now (gevent's spawn_later). Killed
 * before then, it never runs and its timer is cleared.
 */
export function spawnLater<A extends unknown[], T>(ms: number, fn: (...args: A) => T, ...args: A): Spawned<T> {
  if (typeof ms !== 'number' || !(ms >= 0)) throw new RangeError(`spawnLater(ms, fn, ...args): ms must be a number ≥ 0, got ${String(ms)}`);
  if (typeof fn !== 'function') throw new TypeError('spawnLater(ms, fn, ...args): fn must be a function');
  const g = new Spawned<T>(fn as (...args: any[]) => T, args);
  const timer = setTimeout(start, ms, g);
  g.onFinish(() => clearTimeout(timer));
  return g;
}

function start(g: Spawned<any>): void {
  g.fire();
}

/**
 * Kills every greenlet in `greenlets` (gevent's killall): each gets a GreenletExit at its
 * suspension point, or never runs if it has not started. From a greenlet, the kills happen at
 * the run queue's next turn and, unless `block` is false, killAll() waits until all of them have
 * finished (a wait like any other: withTimeout and kill() interrupt it). From the main greenlet
 * the kills happen at once. A list holding the current greenlet kills the others first, then it.
 * @greenlet
 */
export function killAll(greenlets: Iterable<Spawned<any>>, options: { block?: boolean } = {}): void {
  const list = Array.from(greenlets);
  for (const g of list) if (!(g instanceof Spawned)) throw new TypeError('killAll() takes greenlets returned by spawn()');
  const current = getcurrent();
  const others = list.filter((g) => g !== current && !g.ready);
  if (current === hub()) {
    for (const g of others) killNow(g);
  } else if (others.length > 0) {
    schedule({ fire: () => others.forEach(killNow) });
    if (options.block ?? true) {
      const slot = waitSlot('killAll()');
      const seq = slot.seq;
      let pending = others.length;
      const onFinish = (): void => {
        if (--pending === 0) wake(slot, seq, Outcome.Value, undefined);
      };
      for (const g of others) g.onFinish(onFinish);
      let sent: unknown;
      try {
        sent = hub().switch();
      } finally {
        slot.state = State.Running;
      }
      slot.take(sent);
    }
  }
  if (list.includes(current as Spawned<any>)) throw new GreenletExit();
}

/**
 * The objects of iwait(), in the order they become ready; `next()` waits (gevent's iwait).
 * Breaking out of a for-of over it (or calling return()) stops watching the rest.
 */
export class Iwait<W extends Waitable> implements Iterator<W, undefined>, Iterable<W> {
  /** Ready, not yet handed out. */
  private arrived: W[] = [];
  private stops: Array<() => void> = [];
  /** How many more it hands out. */
  private left: number;
  private waiter: Slot | undefined = undefined;
  private waiterSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private expired = false;
  private begun = false;

  /** @internal Use iwait(). */
  constructor(objects: Iterable<W>, private readonly ms: number | undefined, count: number | undefined) {
    const list = Array.from(objects);
    for (const o of list) {
      if (!isWatched(o)) throw new TypeError('iwait(objects): each object must be a spawned greenlet, an Event or an AsyncResult');
    }
    this.left = count === undefined ? list.length : Math.min(count, list.length);
    // Already ready ones come first, in the order given; the others as they become ready.
    for (const o of list) {
      if (o[READY]()) this.arrived.push(o);
      else this.stops.push(o[WATCH](() => this.arrive(o)));
    }
  }

  /**
   * The next object to become ready, waiting for it; done after `count` objects, or when the
   * time limit passed (counted from the first call).
   * @greenlet
   */
  next(): IteratorResult<W, undefined> {
    if (!this.begun) {
      this.begun = true;
      if (this.ms !== undefined && this.left > 0) this.timer = setTimeout(() => this.expire(), this.ms);
    }
    while (this.left > 0 && this.arrived.length === 0 && !this.expired) {
      const slot = waitSlot('iwait() before an object is ready');
      this.waiter = slot;
      this.waiterSeq = slot.seq;
      let sent: unknown;
      try {
        sent = hub().switch();
      } finally {
        slot.state = State.Running;
        this.waiter = undefined;
      }
      slot.take(sent);
    }
    if (this.left === 0 || this.arrived.length === 0) return this.return();
    this.left--;
    const value = this.arrived.shift()!;
    if (this.left === 0) this.stop();
    return { done: false, value };
  }

  /** Stops watching the objects not handed out yet. */
  return(): IteratorResult<W, undefined> {
    this.left = 0;
    this.stop();
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }

  private arrive(o: W): void {
    this.arrived.push(o);
    if (this.waiter !== undefined) wake(this.waiter, this.waiterSeq, Outcome.Value, undefined);
  }

  private expire(): void {
    this.timer = undefined;
    this.expired = true;
    if (this.waiter !== undefined) resumeNow(this.waiter, this.waiterSeq, Outcome.Value, undefined);
  }

  private stop(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function checkCount(what: string, count: number | undefined): void {
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`${what}: count must be an integer ≥ 0 (or omitted), got ${String(count)}`);
  }
}

/**
 * Iterates over `objects` as they become ready: first those ready already, in the given order,
 * then the others as each becomes ready (gevent's iwait). Given `ms`, the iteration ends when
 * that many milliseconds have passed since the first step; given `count`, after that many
 * objects. Each step waits like any wait (withTimeout, kill). On cps, iterate in a marked
 * function.
 */
export function iwait<W extends Waitable>(objects: Iterable<W>, ms?: number, count?: number): Iwait<W> {
  checkMs('iwait(objects, ms, count)', ms);
  checkCount('iwait(objects, ms, count)', count);
  return new Iwait(objects, ms, count);
}

/**
 * Waits until every object is ready — or `count` of them, or until `ms` milliseconds have
 * passed — and returns those that are ready, in the order they became so (gevent's
 * `wait(objects, timeout, count)`). On the main greenlet, having to wait is a GreenletError.
 * @greenlet
 */
export function waitAll<W extends Waitable>(objects: Iterable<W>, options: { ms?: number; count?: number } = {}): W[] {
  checkMs('waitAll(objects, { ms })', options.ms);
  checkCount('waitAll(objects, { count })', options.count);
  const it = new Iwait(objects, options.ms, options.count);
  const ready: W[] = [];
  try {
    for (let r = it.next(); !r.done; r = it.next()) ready.push(r.value);
  } finally {
    it.return();
  }
  return ready;
}

/**
 * Waits until one of `objects` is ready and returns it (the first in the given order if some
 * already are); given `ms`, returns undefined when that many milliseconds pass first.
 * @greenlet
 */
export function waitAny<W extends Waitable>(objects: Iterable<W>, ms?: number): W | undefined {
  return waitAll(objects, { ms, count: 1 })[0];
}
