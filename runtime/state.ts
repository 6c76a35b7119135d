import type { Greenlet } from './greenlet';

/** What a greenlet finds in its mailbox when it next runs. */
export const enum Mail {
  /** Its pending switch returns `value`. */
  Value,
  /** Its pending switch throws `value`. */
  Throw,
  /** It has never run: call its run function with the arguments in `value`. */
  Start,
}

/**
 * Everything the runtime knows about one greenlet. The public `Greenlet` is a shell around
 * this record, and the record holds its shell only weakly once the greenlet has suspended,
 * so that a suspended greenlet nobody can reach any more is noticed and ended (see collect.ts).
 */
export class GreenletState {
  /** The public object; a WeakRef once the greenlet has suspended for the first time. */
  shell: Greenlet | WeakRef<Greenlet>;
  parent: Greenlet | null;
  run: Function | undefined;
  /**
   * Its run function is its class's `run` method, called on the greenlet (`this`, as `self` in
   * Python); else it was given to the constructor or assigned, and is called plainly. Set as it
   * starts (transfer.ts lookUpRun).
   */
  runIsMethod = false;
  started = false;
  dead = false;
  mail: Mail = Mail.Value;
  mailValue: unknown = undefined;
  /** The backend's handle on this greenlet's stack (cps: its frames; native: its thread). */
  stack: unknown = undefined;
  /** Registered with the collector watch (see collect.ts). */
  watched = false;
  /**
   * The trace call owed to this greenlet for the transfer that made it current: made when it
   * runs again, in it (transfer.callTrace), as Python does. Undefined when none is owed.
   */
  traceEvent: TraceEvent | undefined = undefined;
  traceOrigin: Greenlet | undefined = undefined;

  /** The shell's prototype: a shell the collector took is recreated as an instance of the same class. */
  readonly proto: object;

  constructor(shell: Greenlet, parent: Greenlet | null, run: Function | undefined, readonly thread: ThreadState) {
    this.shell = shell;
    this.proto = Object.getPrototypeOf(shell) as object;
    this.parent = parent;
    this.run = run;
  }
}

export type TraceEvent = 'switch' | 'throw';
export type TraceFn = (event: TraceEvent, args: [origin: Greenlet, target: Greenlet]) => void;

/**
 * Per-thread state (one per isolate: Node's main thread or a Worker; native greenlet threads
 * share their isolate's). Only the current greenlet is held here.
 */
export interface ThreadState {
  readonly main: Greenlet;
  readonly mainState: GreenletState;
  current: Greenlet;
  currentState: GreenletState;
  trace: TraceFn | null;
  /**
   * Trace calls running now. A trace call for a greenlet that dies without running runs on the
   * stack of the greenlet that switched, with the dying one current (transfer.ts callTrace).
   */
  tracing: number;
}
