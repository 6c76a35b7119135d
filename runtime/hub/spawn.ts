/** Greenlets started by the hub, and waiting for them to finish. */
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';
import { existingSlot, hub, newSlot, Outcome, schedule, SLOT, slotOf, State, waitSlot, wake, type Runnable, type Slot } from './hub';
import { READY, WATCH, type Watched } from './waitable';

/**
 * Called on the finishing greenlet's stack when a spawned greenlet finishes (it only wakes or
 * schedules); returns true when it hands the outcome to a waiting joiner.
 */
type Link = (finished: Spawned<any>) => boolean | void;

/** Something that takes a finished greenlet's outcome: an AsyncResult (result.ts) is one. */
export interface OutcomeTaker {
  /** @internal */
  takeOutcome(failed: boolean, outcome: unknown): void;
}

/** A callback of g.link(), g.linkValue() or g.linkException(): a function of the greenlet, or an AsyncResult. */
export type LinkCallback<G> = ((greenlet: G) => void) | OutcomeTaker;

/** One g.link…() callback and the outcomes it runs for. */
interface UserLink {
  readonly callback: LinkCallback<any>;
  readonly on: 'any' | 'value' | 'error';
}

/** What joining a spawned greenlet gives: its function's value, or the GreenletExit that killed it. */
export type ValueOf<G> = G extends Spawned<infer T> ? T | GreenletExit : never;

function noop(): void {}

/**
 * A greenlet started by `spawn()`. Its parent is the main greenlet (the hub). It is a Greenlet,
 * so `dead`, `started`, `switch()`… work as usual; the hub adds its outcome and the means to wait
 * for it.
 */
export class Spawned<T = unknown> extends Greenlet implements Runnable, Watched {
  /**
   * What its function returned, once it has finished; the GreenletExit that ended it if it was
   * killed (as in gevent).
   */
  value: T | GreenletExit | undefined = undefined;
  /** What its function threw, once it has died of an error. */
  error: unknown = undefined;

  /** @internal The hub's record of it, made with the AsyncLocalStorage context of its spawner. */
  readonly [SLOT]: Slot = newSlot(this);
  private fn: (...args: any[]) => T;
  private args: unknown[];
  private finished = false;
  private failed = false;
  /** Someone joined it or took its promise: its error is theirs to handle. */
  private observed = false;
  private links: Link[] = [];
  /** g.link…() callbacks not run yet, in the order they were added. */
  private userLinks: UserLink[] = [];
  /** A run of userLinks is scheduled. */
  private linksScheduled = false;
  // Typed loosely so that Spawned<T> stays covariant: a Spawned<string> is a Spawned<unknown>.
  private settle?: { promise: Promise<any>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  /** The rejected promise that reports an error nobody joined (see `finish`). */
  private unhandled?: Promise<never>;

  constructor(fn: (...args: any[]) => T, args: unknown[]) {
    super(runSpawned, hub());
    this.fn = fn;
    this.args = args;
  }

  /** Its function has returned, thrown, or it was killed. */
  get ready(): boolean {
    return this.finished;
  }

  /** @internal It died of an error (not of a GreenletExit). */
  get failedWithError(): boolean {
    return this.failed;
  }

  /**
   * Waits for it to finish; returns its value or throws its error. From the main greenlet,
   * only a finished greenlet can be joined (main must not wait); use `await g.promise` there.
   * @greenlet
   */
  join(): T | GreenletExit {
    if (!this.finished) this.waitFinished('join() of an unfinished greenlet', true);
    this.observed = true;
    this.unhandled?.catch(noop);
    if (this.failed) throw this.error;
    return this.value as T | GreenletExit;
  }

  /**
   * Ends it by throwing GreenletExit in at its suspension point (its finally blocks run); a
   * greenlet that has not started yet never runs. From another greenlet, the hub throws at its
   * next turn and the caller waits until the target has finished. From the main greenlet (which
   * cannot wait) the throw happens at once, and kill() returns when the target finishes or, if
   * it catches the GreenletExit, when it next waits.
   * @greenlet
   */
  kill(): void {
    if (this.finished) return;
    const current = getcurrent();
    if (current === this) throw new GreenletExit();
    if (current === hub()) {
      killNow(this);
      return;
    }
    schedule({ fire: () => killNow(this) });
    this.waitFinished('kill()', false);
  }

  /** A promise of its outcome, for code that cannot join (async functions, the main greenlet). */
  get promise(): Promise<T | GreenletExit> {
    this.observed = true;
    if (this.settle === undefined) {
      let resolve!: (v: unknown) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T | GreenletExit>((res, rej) => {
        resolve = res as (v: unknown) => void;
        reject = rej;
      });
      this.settle = { promise, resolve, reject };
      if (this.finished) {
        this.unhandled?.catch(noop);
        if (this.failed) reject(this.error);
        else resolve(this.value as T | GreenletExit);
      }
    }
    return this.settle.promise;
  }

  /** @internal Run queue entry: starts it, on the main greenlet, in the context it was spawned in. */
  fire(): void {
    if (this.started) return; // killed before its turn came
    this[SLOT].run(startIn, this);
  }

  /** @internal Calls `fn` when it finishes (at once when it has). Links only schedule: they run on its stack. */
  onFinish(fn: Link): void {
    if (this.finished) fn(this);
    else this.links.push(fn);
  }

  /** @internal Watched (waitable.ts): ready once finished. */
  [READY](): boolean {
    return this.finished;
  }

  /** @internal Watched (waitable.ts): `fn` runs when it finishes, unless unwatched first. */
  [WATCH](fn: () => void): () => void {
    const link: Link = () => void fn();
    this.links.push(link);
    return () => {
      const i = this.links.indexOf(link);
      if (i >= 0) this.links.splice(i, 1);
    };
  }

  /**
   * Calls `callback(this)` once it has finished, however it ends (gevent's `link`): on the main
   * greenlet (the hub), at a turn of the run queue after it died, one link after another in the
   * order they were added — also when it is already dead, and when it was killed before it
   * started. An AsyncResult as callback is set to its value or error. A linked greenlet's error
   * counts as handled (the callback sees `error`). The callback runs on main, so it cannot wait:
   * spawn() from it to do so.
   */
  link(callback: LinkCallback<this>): void {
    this.addLink(callback, 'any');
  }

  /** link(), for a greenlet that finished without an error (returned, or was killed). */
  linkValue(callback: LinkCallback<this>): void {
    this.addLink(callback, 'value');
  }

  /** link(), for a greenlet that died of an error; its error counts as handled. */
  linkException(callback: LinkCallback<this>): void {
    this.addLink(callback, 'error');
  }

  /** Removes every link of `callback` that has not run yet. */
  unlink(callback: LinkCallback<this>): void {
    this.userLinks = this.userLinks.filter((l) => l.callback !== callback);
  }

  private addLink(callback: LinkCallback<this>, on: UserLink['on']): void {
    if (typeof callback !== 'function' && !(callback !== null && typeof callback === 'object' && 'takeOutcome' in callback)) {
      throw new TypeError('link(callback): callback must be a function of the greenlet, or an AsyncResult');
    }
    if (on !== 'value') this.markObserved();
    this.userLinks.push({ callback, on });
    if (this.finished) this.scheduleLinks();
  }

  private scheduleLinks(): void {
    if (this.linksScheduled || this.userLinks.length === 0) return;
    this.linksScheduled = true;
    schedule({ fire: () => this.runLinks() });
  }

  /** Runs the links, on main. One that throws: the rest run at the next turn, and the error is thrown from here (uncaught). */
  private runLinks(): void {
    this.linksScheduled = false;
    while (this.userLinks.length > 0) {
      const { callback, on } = this.userLinks.shift()!;
      if (on === (this.failed ? 'value' : 'error')) continue;
      try {
        if (typeof callback === 'function') callback(this);
        else callback.takeOutcome(this.failed, this.failed ? this.error : this.value);
      } catch (error) {
        this.scheduleLinks();
        throw error;
      }
    }
  }

  /** @internal Counts as joined: its error will not be reported as unhandled. */
  markObserved(): void {
    this.observed = true;
    this.unhandled?.catch(noop);
  }

  /** @internal Records its outcome and tells whoever waits for it. */
  finish(failed: boolean, outcome: unknown): void {
    this.finished = true;
    this.failed = failed;
    if (failed) this.error = outcome;
    else this.value = outcome as T | GreenletExit;
    const links = this.links;
    this.links = [];
    let delivered = false;
    for (const link of links) if (link(this as Spawned<any>) === true) delivered = true;
    this.scheduleLinks();
    if (this.settle !== undefined) {
      if (failed) this.settle.reject(outcome);
      else this.settle.resolve(outcome as T | GreenletExit);
    } else if (failed && !this.observed && !delivered) {
      // Nobody joined it (or its joiners were killed while they waited): reported like an
      // unhandled rejection, by Node's own mechanism (a rejected promise with no handler). By default Node prints the error and exits with
      // code 1; process.on('unhandledRejection') sees it. A join() or `.promise` in the same
      // turn of the event loop still counts as handling it.
      this.unhandled = Promise.reject(outcome);
    }
  }

  /**
   * Suspends the current greenlet until this one finishes. A joiner (`observes`) that is still
   * waiting then counts as handling an error; one that was killed meanwhile does not.
   * @greenlet
   */
  private waitFinished(what: string, observes: boolean): void {
    const slot = waitSlot(what);
    const seq = slot.seq;
    this.links.push(() => wake(slot, seq, Outcome.Value, undefined) && observes);
    let sent: unknown;
    try {
      sent = hub().switch();
    } finally {
      slot.state = State.Running;
    }
    slot.take(sent);
  }
}

/**
 * The run function of every spawned greenlet: records the outcome of its function. Given to the
 * constructor, so it is called plainly, in the greenlet it runs for.
 * @greenlet
 */
function runSpawned(): void {
  const g = getcurrent() as Spawned<any>;
  const fn = g['fn'];
  const args = g['args'];
  g['args'] = NO_ARGS;
  let value: unknown;
  try {
    value = fn(...args);
  } catch (error) {
    if (error instanceof GreenletExit) g.finish(false, error);
    else g.finish(true, error);
    return;
  }
  g.finish(false, value);
}

const NO_ARGS: unknown[] = [];

function startIn(this: Spawned<any>): void {
  this.switch();
}

function throwExit(this: Spawned<any>): void {
  this.throw(new GreenletExit());
}

/** @internal Kills `g` from the main greenlet. */
export function killNow(g: Spawned<any>): void {
  if (g.ready) return;
  const exit = new GreenletExit();
  if (!g.started) {
    // It dies without running; as main is its parent, the throw comes straight back here.
    g.throw(exit);
    g.finish(false, exit);
    return;
  }
  const slot = existingSlot(g);
  if (slot !== undefined && slot.state !== State.Running) {
    // Waiting in the hub: its wait ends with the exit, overriding a wake-up already on its way.
    slot.kind = Outcome.Throw;
    slot.value = exit;
    slot.enter();
  } else {
    slotOf(g).run(throwExit, g);
  }
}

/**
 * Starts `fn(...args)` in a new greenlet at the next turn of the event loop and returns it.
 * Its parent is the main greenlet; it runs in the AsyncLocalStorage context current here.
 */
export function spawn<A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Spawned<T> {
  if (typeof fn !== 'function') throw new TypeError('spawn(fn, ...args): fn must be a function');
  const g = new Spawned<T>(fn as (...args: any[]) => T, args);
  schedule(g);
  return g;
}

/**
 * Waits until every greenlet in `greenlets` has finished and returns their values in order;
 * as soon as one of them has died of an error, throws that error (as Promise.all does). From
 * the main greenlet only finished greenlets can be joined.
 * @greenlet
 */
export function joinAll<const G extends readonly Spawned<unknown>[]>(greenlets: G): { -readonly [K in keyof G]: ValueOf<G[K]> };
/** @greenlet */
export function joinAll<T>(greenlets: Iterable<Spawned<T>>): Array<T | GreenletExit>;
/** @greenlet */
export function joinAll<T>(greenlets: Iterable<Spawned<T>>): Array<T | GreenletExit> {
  const list = Array.from(greenlets);
  for (const g of list) {
    if (!(g instanceof Spawned)) throw new TypeError('joinAll() takes greenlets returned by spawn()');
    g.markObserved();
  }
  let pending = 0;
  for (const g of list) if (!g.ready) pending++;
  let failure = list.find((g) => g.failedWithError);
  if (pending > 0 && failure === undefined) {
    const slot = waitSlot('joinAll() of unfinished greenlets');
    const seq = slot.seq;
    const onFinish = (g: Spawned<any>): void => {
      pending--;
      if (g.failedWithError) failure ??= g as Spawned<T>;
      if (pending === 0 || failure !== undefined) wake(slot, seq, Outcome.Value, undefined);
    };
    for (const g of list) if (!g.ready) g.onFinish(onFinish);
    let sent: unknown;
    try {
      sent = hub().switch();
    } finally {
      slot.state = State.Running;
    }
    slot.take(sent);
  }
  if (failure !== undefined) throw failure.error;
  return list.map((g) => g.value as T | GreenletExit);
}
