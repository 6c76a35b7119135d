/**
 * The semantics of control transfer, written once for both backends. These functions only
 * decide *where* control goes and *what* the resumed greenlet receives (its mail); moving
 * control — resuming a thread, or the next frame of a generator stack — is the backend's job.
 *
 * On the switch path the state's flags (`dead`, `started`, `watched`) are compared with `=== true`
 * or `=== false`: V8 does not record that a field only ever holds booleans, so a bare `if (t.dead)`
 * is a full truthiness test (~10 instructions; several a switch).
 */
import { GreenletError, GreenletExit } from './errors';
import type { Greenlet } from './greenlet';
import { GreenletState, Mail, type ThreadState, type TraceEvent } from './state';
import { watch, unwatch } from './collect';

// Used here as a module constant, not through `exports.STATE` (what TypeScript's CommonJS output
// makes of an exported name used in its own module): one load fewer on every switch.
const state: unique symbol = Symbol.for('greenlet-ts.state') as any;
export { state as STATE };

// `var`: read on every switch, and a `let` read from a closure is checked for its temporal dead
// zone each time (see SWITCH in protocol.ts).
var thread: ThreadState;
let makeShell: (state: GreenletState) => Greenlet;

/** Called once by greenlet.ts, which owns the public class. */
export function install(t: ThreadState, shellFactory: (state: GreenletState) => Greenlet): void {
  thread = t;
  makeShell = shellFactory;
}

export function currentThread(): ThreadState {
  return thread;
}

/** The state behind a greenlet of this thread, or a clear error for anything else. */
export function stateOf(g: unknown): GreenletState {
  const s = g != null ? (g as { [state]?: GreenletState })[state] : undefined;
  if (s === undefined) throw new TypeError(`expected a Greenlet, got ${describeValue(g)}`);
  if (s.thread !== thread) {
    throw new GreenletError(
      'cannot switch to a greenlet of another thread: greenlets belong to the thread (main thread or Worker) ' +
        'that created them, and to that copy of greenlet-ts',
    );
  }
  return s;
}

/** The public object of a greenlet, recreated if the collector already took it (see collect.ts). */
export function shellOf(s: GreenletState): Greenlet {
  const shell = s.shell;
  if (!(shell instanceof WeakRef)) return shell;
  const live = shell.deref();
  if (live !== undefined) return live;
  const fresh = makeShell(s);
  s.shell = fresh;
  return fresh;
}

/** `switch()` packs its arguments: none → undefined, one → itself, more → an array. */
export function pack(args: unknown[]): unknown {
  return args.length === 0 ? undefined : args.length === 1 ? args[0] : args;
}

/**
 * Looks up the run function of a greenlet about to start: the one it was given, else its
 * class's `run`. Looked up once, before it starts, as Python does: a subclass's `run` accessor
 * may throw, or even switch (and so start this very greenlet). Sets `runIsMethod`: only a `run`
 * found on the class is a method. A function given or assigned is not, including one assigned
 * on an instance of a subclass whose method shadows the accessor: an own property there, as in
 * Python's instance dict.
 */
function lookUpRun(s: GreenletState): Function {
  let fn: unknown = s.run;
  let method = false;
  if (fn === undefined) {
    const shell = shellOf(s) as unknown as { run?: unknown };
    fn = shell.run;
    method = !Object.prototype.hasOwnProperty.call(shell, 'run');
  }
  if (typeof fn !== 'function') throw new GreenletError(`${describe(s)} has no run function to start`);
  s.runIsMethod = method;
  return fn;
}

/**
 * The `this` a starting greenlet's run function is called with: the greenlet for its class's
 * `run` method, else none. So a suspended greenlet's own frames keep it reachable only when its
 * code refers to it, and an abandoned one can be collected and ended (collect.ts).
 */
export function runReceiver(s: GreenletState): Greenlet | undefined {
  return s.runIsMethod ? shellOf(s) : undefined;
}

/**
 * Takes a greenlet's run function as it starts; from now on `run` reads as undefined. Makes the
 * trace call owed for the start first, and throws its error (the greenlet then dies of it
 * without running). The start arguments stay in `mailValue` for the backend.
 */
export function takeRun(s: GreenletState): Function {
  const fn = s.run;
  s.run = undefined;
  if (s.traceOrigin !== undefined) {
    const args = s.mailValue;
    const error = callTrace(s);
    // The trace function may have switched away and back, which used the mailbox.
    s.mailValue = args;
    if (error !== TRACED) throw error;
  }
  if (typeof fn !== 'function') throw new GreenletError(`${describe(s)} has no run function to start`);
  return fn;
}

/**
 * `target.switch(...args)` from the current greenlet: returns the state that runs next with its
 * mail filled in (the current one itself when the switch does not leave it).
 */
export function switchTo(target: Greenlet, args: unknown[], check?: (origin: GreenletState) => void): GreenletState {
  return switchWith(target, args, undefined, check);
}

/** `target.switch(arg)`, one argument given without its array (protocol.ts `call1`). */
export function switchTo1(target: Greenlet, arg: unknown, check?: (origin: GreenletState) => void): GreenletState {
  return switchWith(target, null, arg, check);
}

/** switchTo with the arguments as an array, or (`args` null) as the one argument `arg`. */
function switchWith(
  target: Greenlet,
  args: unknown[] | null,
  arg: unknown,
  check: ((origin: GreenletState) => void) | undefined,
): GreenletState {
  let t = stateOf(target);
  // Switching to a dead greenlet goes to its first live ancestor; the main greenlet never dies.
  while (t.dead === true) {
    target = t.parent!;
    t = target[state];
  }
  const origin = thread.currentState;
  if (t === origin) {
    origin.mail = Mail.Value;
    origin.mailValue = args === null ? arg : pack(args);
    return origin;
  }
  check?.(origin);
  if (t.started === true) {
    t.mail = Mail.Value;
    t.mailValue = args === null ? arg : pack(args);
  } else {
    const run = lookUpRun(t);
    // The lookup itself switched and started `t`: switch to it as it is now.
    if (t.started) return switchWith(target, args, arg, check);
    t.run = run;
    t.started = true;
    t.mail = Mail.Start;
    t.mailValue = args ?? [arg];
  }
  return enter(t, target, 'switch');
}

/** `target.throw(error)` from the current greenlet; returns the state that runs next. */
export function throwInto(target: Greenlet, error: unknown, check?: (origin: GreenletState) => void): GreenletState {
  const t = stateOf(target);
  const origin = thread.currentState;
  if (t === origin) {
    origin.mail = Mail.Throw;
    origin.mailValue = error;
    return origin;
  }
  check?.(origin);
  // A dead greenlet acts as if it died again of `error`.
  if (t.dead === true) return passOn(t, Mail.Throw, error);
  // It dies without running, as if its function had thrown `error`.
  if (t.started === false) return dieUnrun(t, target, error);
  t.mail = Mail.Throw;
  t.mailValue = error;
  return enter(t, target, 'throw');
}

/**
 * `s` has ended: it is dead, holds no run function or mail, and the collector no longer watches
 * it. Its outcome, if any, goes on from `finish`. Called as is when its JavaScript was
 * terminated (V8's TerminateExecution: nothing of it ran, not even `finally` blocks), so that
 * no transfer follows from its end (see `mainRuns`).
 */
export function die(s: GreenletState): void {
  s.dead = true;
  s.run = undefined;
  s.mail = Mail.Value;
  s.mailValue = undefined;
  unwatch(s);
}

/**
 * A termination cut the running greenlet's JavaScript short and unwound to the main greenlet,
 * which runs again once it is cancelled: whatever the switches under way were doing, the main
 * greenlet is current. A greenlet that such a switch was about to start, but did not, is again
 * one that has not started (its run function is kept).
 */
export function mainRuns(): void {
  thread.tracing = 0; // a trace call cut short never ended
  const s = thread.currentState;
  if (s !== thread.mainState && !s.dead && s.mail === Mail.Start) {
    s.started = false;
    s.mail = Mail.Value;
    s.mailValue = undefined;
  }
  thread.current = thread.main;
  thread.currentState = thread.mainState;
}

/** A greenlet's function returned (`Value`) or threw (`Throw`); returns the state that runs next. */
export function finish(s: GreenletState, kind: Mail.Value | Mail.Throw, value: unknown): GreenletState {
  die(s);
  return passOn(s, kind, value);
}

/**
 * What the resumed greenlet's pending switch returns, or throws. The mail is taken before the
 * owed trace call runs: a trace function that switches uses the mailbox again.
 */
export function receive(s: GreenletState): unknown {
  const kind = s.mail;
  const value = s.mailValue;
  s.mail = Mail.Value;
  s.mailValue = undefined;
  if (s.traceOrigin !== undefined) {
    const error = callTrace(s);
    if (error !== TRACED) throw error;
  }
  if (kind === Mail.Throw) throw value;
  return value;
}

/** What callTrace returns when the trace function did not throw. */
export const TRACED: unique symbol = Symbol('greenlet-ts.traced') as any;

/**
 * Makes the trace call owed to `s`, which runs again: in `s` itself, as Python does, so the trace
 * function sees getcurrent() === target and may even switch. Returns its error, to be thrown in
 * `s` instead of what `s` was sent, or TRACED. A trace function that throws is removed, as in
 * Python (test_b_exception_disables_tracing), so the error's own transfer is not traced.
 */
export function callTrace(s: GreenletState): unknown {
  const event = s.traceEvent!;
  const origin = s.traceOrigin!;
  s.traceEvent = s.traceOrigin = undefined;
  const trace = thread.trace;
  if (trace === null) return TRACED;
  thread.tracing++;
  try {
    trace(event, [origin, thread.current]);
  } catch (error) {
    thread.trace = null;
    return error;
  } finally {
    thread.tracing--;
  }
  return TRACED;
}

/** Sends the outcome of the dead greenlet `dying` to its first live ancestor. */
function passOn(dying: GreenletState, kind: Mail.Value | Mail.Throw, value: unknown): GreenletState {
  return deliver(dying.parent!, kind, value);
}

/** Delivers an outcome to `parent`, or to its first live ancestor when it is dead. */
function deliver(parent: Greenlet, kind: Mail.Value | Mail.Throw, value: unknown): GreenletState {
  let p = parent[state];
  while (p.dead === true) {
    parent = p.parent!;
    p = parent[state];
  }
  // A GreenletExit leaving a greenlet is not an error: the parent receives it as a value.
  const exit = kind === Mail.Throw && value instanceof GreenletExit;
  if (kind === Mail.Value || exit) {
    if (p.started === true) {
      p.mail = Mail.Value;
      p.mailValue = value;
    } else {
      let run: Function;
      try {
        run = lookUpRun(p);
      } catch (error) {
        // It cannot start: it stays unstarted and the error goes on to its own parent (Python
        // does the same), so a later switch tries to start it again.
        return deliver(p.parent!, Mail.Throw, error);
      }
      if (p.started) return deliver(parent, kind, value);
      p.run = run;
      p.started = true;
      p.mail = Mail.Start;
      p.mailValue = exit ? [] : [value];
    }
    return enter(p, parent, 'switch');
  }
  if (p.started === true) {
    p.mail = Mail.Throw;
    p.mailValue = value;
    return enter(p, parent, 'throw');
  }
  // A never-started parent dies of the error without running and passes it on.
  return dieUnrun(p, parent, value);
}

/**
 * A never-started greenlet dies of `error` without running. Control passes through it, as in
 * Python: the trace function sees a 'throw' into it (with getcurrent() === it, and its error
 * thrown in it instead), then the error leaving it, with it as the origin.
 */
function dieUnrun(t: GreenletState, shell: Greenlet, error: unknown): GreenletState {
  t.started = t.dead = true;
  t.run = undefined;
  enter(t, shell, 'throw');
  if (t.traceOrigin !== undefined) {
    const traced = callTrace(t);
    if (traced !== TRACED) error = traced;
  }
  return passOn(t, Mail.Throw, error);
}

/**
 * Makes `t` current and owes it a trace call, made when it runs (callTrace). `shell` is `t`'s
 * public object, which the caller holds (a switch target, a parent): asking `t` for it would
 * mean a WeakRef deref on every switch, which was a fifth of a cps switch's time.
 */
function enter(t: GreenletState, shell: Greenlet, event: TraceEvent): GreenletState {
  const origin = thread.currentState;
  // The greenlet we leave, if it lives on, is now suspended: let the collector notice it.
  // `watched` first: a greenlet that has switched before is, and that is most switches.
  if (origin.watched === false && origin !== t && origin.dead === false && origin !== thread.mainState) watch(origin);
  if (thread.trace !== null) {
    t.traceEvent = event;
    t.traceOrigin = thread.current;
  }
  thread.current = shell;
  thread.currentState = t;
  return t;
}

export function describe(s: GreenletState): string {
  if (s === thread.mainState) return 'the main greenlet';
  const run = s.run as { name?: string } | undefined;
  const name = run?.name ? ` ${run.name}` : '';
  return `greenlet${name}`;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v)})`;
  return typeof v;
}
