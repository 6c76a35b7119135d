/**
 * The hub: where greenlets wait, and what wakes them.
 *
 * The main greenlet is the hub. Node's event loop runs on the main greenlet's real stack, so
 * a greenlet waits by switching to main, which returns to whatever event-loop callback last
 * switched into a greenlet; a callback that learns a greenlet can go on (a promise settled, a
 * timer fired, the run queue's turn came) switches into it from main. A separate hub greenlet
 * would add a second switch to every wake-up and could not run the event loop anyway.
 *
 * Spawned greenlets have main as their parent, so when one finishes, control also returns
 * to the callback that last switched into it.
 *
 * Every waiting function follows one pattern, written out in each (a shared marked helper
 * would cost a generator frame per wait on cps):
 *
 *     const slot = waitSlot('what()');       // throws on main; a new wait number: slot.seq
 *     ...arrange for wake(slot, seq, …)...
 *     let sent: unknown;
 *     try { sent = hub().switch(); } finally { slot.state = State.Running; }
 *     return slot.take(sent);                 // the value, or throws the error
 */
import { AsyncResource, executionAsyncId } from 'node:async_hooks';
import { getcurrent, GreenletError, type Greenlet } from 'greenlet-ts';
import { contextMoves } from './context';

export const enum Outcome {
  Value,
  Throw,
}

export const enum State {
  Running,
  /** Suspended in wait number `seq`, nothing has woken it yet. */
  Waiting,
  /** Its outcome is decided; the switch into it is on its way. */
  Woken,
}

/** Something the run queue calls, on the main greenlet, at its next turn. */
export interface Runnable {
  fire(): void;
}

/** A withTimeout() of a greenlet (timeout.ts): `passed` once its time ran out outside a wait. */
export interface Deadline {
  readonly timeout: Error;
  passed: boolean;
}

/**
 * What the hub uses of an `AsyncResource`. Fields are typed with it, not with `AsyncResource`,
 * so that the hub's declarations name no Node.js module: a project's `types` may leave out
 * @types/node (TypeScript 6 loads no @types by default) and still import greenlet-ts/hub.
 */
export interface AsyncScope {
  asyncId(): number;
  runInAsyncScope<R>(fn: (...args: any[]) => R, thisArg?: unknown, ...args: any[]): R;
}

/**
 * The hub's record of one greenlet. A wait is named by its number: a wake-up for an earlier
 * wait (a promise that settles after a kill, a timer…) finds a newer number and is ignored.
 */
export class Slot {
  seq = 0;
  state = State.Running;
  kind = Outcome.Value;
  value: unknown = undefined;
  /**
   * Its AsyncLocalStorage context: every entry from the hub runs in this resource, so what
   * the greenlet stores there is what it sees after every wait, whoever woke it.
   */
  resource: AsyncScope | undefined;
  /** The resource the hub entered the greenlet in, while that entry lasts (see waitSlot). */
  scope: AsyncScope | undefined;
  /** Its withTimeout() calls going on, outermost first (timeout.ts). */
  deadlines: Deadline[] | undefined = undefined;

  constructor(readonly greenlet: Greenlet) {}

  /** Switches into the greenlet (from main) with the outcome already set. */
  enter(): void {
    this.state = State.Running;
    this.run(switchIn, this);
  }

  /** Runs `fn` (which switches into the greenlet) inside the greenlet's resource. */
  run<A>(fn: (this: A) => void, thisArg: A): void {
    const resource = this.resource!;
    this.scope = resource;
    try {
      resource.runInAsyncScope(fn, thisArg);
    } finally {
      this.scope = undefined;
    }
  }

  /** What the greenlet's pending switch received: the outcome of its wait, returned or thrown. */
  take(sent: unknown): unknown {
    if (sent !== this) {
      throw new GreenletError(
        'a greenlet waiting in the hub was resumed by a switch() from elsewhere. A waiting greenlet is ' +
          'resumed by the hub when what it waits for happens; to interrupt it, use kill() or throw().',
      );
    }
    const value = this.value;
    this.value = undefined;
    if (this.kind === Outcome.Throw) throw value;
    return value;
  }
}

function switchIn(this: Slot): void {
  this.greenlet.switch(this);
}

/** Where a greenlet keeps its Slot (a class field of spawned greenlets, so it is in-object). */
export const SLOT: unique symbol = Symbol('greenlet-ts.hub.slot');
type WithSlot = Greenlet & { [SLOT]?: Slot };

let main: Greenlet | undefined;

/** This thread's main greenlet: the hub. */
export function hub(): Greenlet {
  if (main === undefined) {
    let g = getcurrent();
    while (g.parent !== null) g = g.parent;
    main = g;
  }
  return main;
}

/** The hub's record of `g`, made on first use, with the AsyncLocalStorage context current now. */
export function slotOf(g: Greenlet): Slot {
  return (g as WithSlot)[SLOT] ?? ((g as WithSlot)[SLOT] = newSlot(g));
}

/** A Slot for `g`, with the AsyncLocalStorage context current now. */
export function newSlot(g: Greenlet): Slot {
  const slot = new Slot(g);
  slot.resource = new AsyncResource('Greenlet');
  return slot;
}

/** The record of `g` if it has one. */
export function existingSlot(g: Greenlet): Slot | undefined {
  return (g as WithSlot)[SLOT];
}

/**
 * The record of the current greenlet, which is about to wait; `what` names the caller for the
 * error when the current greenlet is main, which must never wait: it runs the event loop.
 */
export function currentSlot(what: string): Slot {
  const g = getcurrent();
  if (g === hub()) {
    throw new GreenletError(
      `${what} cannot suspend the main greenlet: it runs Node's event loop, which has to keep going ` +
        'for anything to be waited for. Call it inside a greenlet started with spawn() ' +
        "(in main's own code, use await).",
    );
  }
  return slotOf(g);
}

/** Starts a wait of the current greenlet (see currentSlot for `what`). */
export function waitSlot(what: string): Slot {
  const slot = currentSlot(what);
  if (slot.scope !== undefined && executionAsyncId() !== slot.scope.asyncId()) {
    // Suspending here would leave a scope this greenlet opened on the one async-hooks stack of
    // the thread, and Node aborts the process ("async hook stack has become corrupted").
    throw new GreenletError(
      `${what} cannot suspend a greenlet inside an async scope it opened (AsyncResource.runInAsyncScope, ` +
        'a function bound with AsyncResource.bind, …): Node keeps one stack of async scopes per thread. ' +
        'Wait outside that scope.',
    );
  }
  if (slot.deadlines !== undefined) throwPassed(slot.deadlines);
  if (contextMoves) slot.resource = new AsyncResource('Greenlet'); // see context.ts
  slot.seq++;
  slot.state = State.Waiting;
  return slot;
}

/**
 * A deadline whose time ran out while its greenlet was running is thrown at its next wait, once.
 * The outermost first: it ends the most.
 */
function throwPassed(deadlines: Deadline[]): void {
  for (const d of deadlines) {
    if (d.passed) {
      d.passed = false;
      throw d.timeout;
    }
  }
}

/** Decides the outcome of wait `seq` of `slot`; false when that wait is over or already decided. */
function decide(slot: Slot, seq: number, kind: Outcome, value: unknown): boolean {
  if (slot.seq !== seq || slot.state !== State.Waiting) return false;
  slot.state = State.Woken;
  slot.kind = kind;
  slot.value = value;
  return true;
}

/**
 * Wakes wait `seq` of `slot` from an event-loop callback (a settled promise, a timer): the
 * greenlet runs now when called on the main greenlet, else at the run queue's next turn.
 */
export function resumeNow(slot: Slot, seq: number, kind: Outcome, value: unknown): void {
  if (!decide(slot, seq, kind, value)) return;
  if (getcurrent() === hub()) slot.enter();
  else push(slot, seq);
}

/**
 * Wakes wait `seq` of `slot` at the run queue's next turn. Greenlets wake each other this way
 * (a queue put, an event set, a join): the waker goes on, the woken one runs after it suspends.
 */
export function wake(slot: Slot, seq: number, kind: Outcome, value: unknown): boolean {
  if (!decide(slot, seq, kind, value)) return false;
  push(slot, seq);
  return true;
}

/** `sleep(0)`: the current wait of `slot` ends at the run queue's next turn. */
export function yieldTurn(slot: Slot): void {
  slot.state = State.Woken;
  slot.kind = Outcome.Value;
  push(slot, slot.seq);
}

/** Is wait `seq` of `slot` still waiting (nothing decided yet)? */
export function stillWaiting(slot: Slot, seq: number): boolean {
  return slot.seq === seq && slot.state === State.Waiting;
}

/**
 * A list of waiting greenlets: pairs (slot, wait number). Entries of waits that ended some other
 * way (a kill) are skipped when woken, and dropped in bulk when the list has doubled, so a list
 * that is rarely woken does not grow without bound.
 */
export class WaitList {
  private items: Array<Slot | number> = [];
  private limit = 64;

  get length(): number {
    return this.items.length >> 1;
  }

  add(slot: Slot, seq: number): void {
    if (this.items.length >= this.limit) {
      const live: Array<Slot | number> = [];
      for (let i = 0; i < this.items.length; i += 2) {
        if (stillWaiting(this.items[i] as Slot, this.items[i + 1] as number)) live.push(this.items[i]!, this.items[i + 1]!);
      }
      this.items = live;
      this.limit = Math.max(64, live.length * 2);
    }
    this.items.push(slot, seq);
  }

  /** Wakes the oldest wait still going on; false when there is none. */
  wakeOne(): boolean {
    const items = this.items;
    while (items.length > 0) {
      const slot = items.shift() as Slot;
      const seq = items.shift() as number;
      if (wake(slot, seq, Outcome.Value, undefined)) return true;
    }
    return false;
  }

  /** Wakes every wait still going on and empties the list. */
  wakeAll(): void {
    const items = this.items;
    this.items = [];
    for (let i = 0; i < items.length; i += 2) wake(items[i] as Slot, items[i + 1] as number, Outcome.Value, undefined);
  }
}

/** Run queue: pairs (slot, wait number), or (runnable, -1). */
let ready: Array<Slot | Runnable | number> = [];
/** The previous turn's array, emptied and reused: no growing a fresh array every turn. */
let spare: Array<Slot | Runnable | number> = [];
let scheduled = false;

function push(item: Slot | Runnable, seq: number): void {
  ready.push(item, seq);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}

/** Runs `r.fire()` on the main greenlet at the next turn of the event loop. */
export function schedule(r: Runnable): void {
  push(r, -1);
}

/**
 * One turn of the run queue: what was scheduled before it began. What its greenlets schedule
 * waits for the next turn, so I/O callbacks get their turn in between (`sleep(0)` yields).
 */
function drain(): void {
  scheduled = false;
  const batch = ready;
  ready = spare;
  spare = batch;
  for (let i = 0; i < batch.length; i += 2) {
    const item = batch[i] as Slot | Runnable;
    const seq = batch[i + 1] as number;
    try {
      if (seq < 0) (item as Runnable).fire();
      else if ((item as Slot).seq === seq && (item as Slot).state === State.Woken) (item as Slot).enter();
    } catch (error) {
      // An error escaped into main (a plain greenlet that waited died of it): it is thrown
      // from this callback like any callback's error; the rest of the turn still runs.
      const rest = batch.slice(i + 2);
      batch.length = 0;
      ready = rest.concat(ready);
      if (ready.length > 0 && !scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
      throw error;
    }
  }
  batch.length = 0;
}
