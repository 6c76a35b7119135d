/**
 * What iwait() and waitAll() wait for: objects that become ready once — a spawned greenlet that
 * finished, an Event that is set, an AsyncResult that has its outcome. Each tells whether it is
 * ready and calls watchers when it becomes so, on the stack of whoever made it ready (so a
 * watcher only wakes or schedules).
 */
export const READY: unique symbol = Symbol('greenlet-ts.hub.ready');
export const WATCH: unique symbol = Symbol('greenlet-ts.hub.watch');

export interface Watched {
  /** @internal */
  [READY](): boolean;
  /** @internal Calls `fn` when it becomes ready; returns what stops that. */
  [WATCH](fn: () => void): () => void;
}

export function isWatched(x: unknown): x is Watched {
  return typeof x === 'object' && x !== null && typeof (x as Partial<Watched>)[WATCH] === 'function';
}

/** Watchers of one object; the object calls fire() when it becomes ready. */
export class Watchers {
  private fns: Array<() => void> = [];

  add(fn: () => void): () => void {
    this.fns.push(fn);
    return () => {
      const i = this.fns.indexOf(fn);
      if (i >= 0) this.fns.splice(i, 1);
    };
  }

  fire(): void {
    const fns = this.fns;
    if (fns.length === 0) return;
    this.fns = [];
    for (const fn of fns) fn();
  }
}
