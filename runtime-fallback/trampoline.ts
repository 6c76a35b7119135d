/**
 * The cps backend. A greenlet's stack is an explicit array of generator objects — the twins
 * of the marked functions it is suspended in — run by one loop. A marked call that does not
 * suspend runs on the real stack, driven by its caller's twin (protocol.ts); when it suspends,
 * its generators come down to the loop, which puts them on the array. A twin's switch is made
 * where it is called (`transfers`, below), so all the loop then does is step the greenlet it
 * made current: switching greenlets only changes which array the loop steps, and a switch costs
 * the same at any depth; no `yield*` chain is re-entered.
 *
 * The main greenlet keeps the real JavaScript stack: a plain `switch()` from it runs the loop
 * until control comes back. Any other greenlet is suspended only at a twin's `yield`, so a
 * plain switch from it means an unmarked frame stands in between: that is an error here.
 */
import type { Backend } from '../runtime/backend';
import { GreenletError, GreenletExit } from '../runtime/errors';
import { CALL, FRAME_NAME, resume, setTransfers, suspended, TWIN, twinsRegistered, type Transfers, type TwinFunction } from '../runtime/protocol';
import { Mail, type GreenletState, type ThreadState } from '../runtime/state';
import * as transfer from '../runtime/transfer';
import { Greenlet } from '../runtime/greenlet';

type Frame = Generator<unknown, unknown, unknown>;

/**
 * Generator#next, as a module constant: see `resume` in protocol.ts. The loop copies it into a
 * local from here, not from the import: only from a constant of this module does V8 then know
 * which function the local holds (without it, ~20–35 instructions more a switch).
 */
const resumeFrame = resume;

/** Nested marked calls one greenlet may hold; beyond it a RangeError, as for a real stack. */
const MAX_FRAMES = 100_000;

export const cps: Backend = {
  name: 'cps',
  checkSuspendable(origin, thread) {
    if (origin !== thread.mainState) throw unmarkedSwitch(origin);
  },
  resume(origin, target) {
    run(target, origin);
  },
  sync(thread, thorough) {
    if (stepping === null) {
      // No loop runs, so the main greenlet does (but for a trace call for a greenlet that dies
      // without running, made with that one current). Unless a termination cut the main
      // greenlet's own switch short before its loop began (a vm script's timeout, the REPL's
      // Ctrl-C, then cancelled).
      if (thread.currentState !== thread.mainState && thread.tracing === 0) transfer.mainRuns();
      return;
    }
    // Inside a live loop (a greenlet creating greenlets) this would walk the stack every time;
    // the next plain switch or throw is soon enough.
    if (!thorough || loopIsRunning()) return;
    // The loop was cut short in the middle of `stepping`'s JavaScript by a termination that was
    // then cancelled: its generators stay "running" for good, so it is dead; the main
    // greenlet, which the termination unwound to, runs.
    const s = stepping;
    stepping = null;
    if (s !== thread.mainState) {
      s.stack = undefined;
      transfer.die(s);
    }
    transfer.mainRuns();
  },
};

/**
 * The greenlet whose JavaScript the loop runs now (null: the loop is not running). `var`: written
 * at every switch, and a `let` written from a closure is checked for its temporal dead zone each
 * time (see SWITCH in protocol.ts).
 */
var stepping: GreenletState | null = null;

/**
 * Whether `run` is on the stack: a live loop, not one a termination abandoned. Costs a stack
 * walk, so it is asked only when a plain switch or throw finds `stepping` set: one from an
 * unmarked frame inside the loop (about to fail anyway), or the first after a termination.
 */
function loopIsRunning(): boolean {
  // The frames below `run` (its callers): none when `run` is not on the stack. An engine that
  // cannot tell (Firefox, Safari, Bun) has no terminations to cancel either.
  const below = (findsCallers ??= probeCallers()) ? stackFrames(1, run) : undefined;
  return below === undefined || below.length > 0;
}

/** Whether Error.captureStackTrace finds a caller given as its second argument (V8's does, Bun's never). */
let findsCallers: boolean | undefined;

function probeCallers(): boolean {
  const found = (stackFrames(1, probeCallers)?.length ?? 0) > 0; // loopIsRunning is below
  return found;
}

/**
 * Up to `limit` frames of the calling stack, below `below` when given (none when it is not on
 * the stack), whatever the program set Error's stack hooks to; undefined on an engine without
 * V8's stack API (Error.captureStackTrace).
 */
function stackFrames(limit: number, below?: Function): NodeJS.CallSite[] | undefined {
  if (typeof Error.captureStackTrace !== 'function') return undefined;
  const saved = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = (_e, frames) => frames;
    const probe: { stack?: unknown } = {};
    Error.captureStackTrace(probe, below ?? stackFrames);
    return probe.stack as NodeJS.CallSite[];
  } finally {
    Error.prepareStackTrace = saved;
    Error.stackTraceLimit = savedLimit;
  }
}

/**
 * A twin's `switch`/`throw`, made where it is called (protocol.ts): decides where control goes
 * (transfer.ts) and returns CALL, for the twin to yield down to the loop, which then runs the
 * greenlet made current. Control that stays (a switch to the current greenlet) gets its value
 * or error at once, as from a plain switch.
 */
const transfers: Transfers = {
  switch1(target, arg) {
    const origin = thread.currentState;
    return arrive(origin, transfer.switchTo1(target as Greenlet, arg));
  },
  switch(target, args) {
    const origin = thread.currentState;
    return arrive(origin, transfer.switchTo(target as Greenlet, args));
  },
  throw(target, args) {
    const origin = thread.currentState;
    // As Greenlet#throw: no argument at all means a new GreenletExit.
    return arrive(origin, transfer.throwInto(target as Greenlet, args.length === 0 ? new GreenletExit() : args[0]));
  },
};

/** What a twin's transfer from `origin` gives back: CALL when `next` runs now, else what `origin` receives. */
function arrive(origin: GreenletState, next: GreenletState): unknown {
  return next === origin ? transfer.receive(origin) : CALL;
}

/** This thread's state; set at the first run (greenlet.ts imports this module before it installs one). */
var thread: ThreadState; // `var`: read at every switch (see `stepping`)

/**
 * Runs greenlets from `g` on, following control from one to the next in this one loop (a
 * switch between two cps greenlets neither returns nor calls), until control reaches `origin`.
 */
function run(g: GreenletState, origin: GreenletState): void {
  if (thread === undefined) {
    thread = transfer.currentThread();
    setTransfers(Greenlet.prototype.switch, Greenlet.prototype.throw, transfers);
  }
  // Generators a terminated loop left on their way down (a vm timeout between a suspension and
  // the loop) belong to no greenlet any more.
  suspended.length = 0;
  try {
    loop(g, origin);
  } finally {
    stepping = null; // not reached when a termination ends the loop: see cps.sync
  }
}

function loop(g: GreenletState, origin: GreenletState): void {
  // Module bindings the loop reads at every switch, held in locals: read through the closure,
  // each costs a context load, a check that it is initialised, and (an import) a property load.
  const call = CALL;
  const comingDown = suspended;
  const resumeTop = resumeFrame;
  const t = thread;
  next: for (;;) {
    if (g === origin) return;
    stepping = g;
    let kind = g.mail;
    let value = g.mailValue;
    g.mailValue = undefined;
    if (g.traceOrigin !== undefined && kind !== Mail.Start) {
      // The trace call owed to g runs in g; its error is thrown in g instead (transfer.ts).
      const error = transfer.callTrace(g);
      if (error !== transfer.TRACED) {
        kind = Mail.Throw;
        value = error;
      }
    }
    if (kind === Mail.Start) {
      const next = start(g, value as unknown[]);
      if (next !== undefined) {
        g = next;
        continue next;
      }
      kind = Mail.Value;
      value = undefined;
    }
    const frames = g.stack as Frame[];
    for (;;) {
      const top = frames[frames.length - 1]!;
      let r: IteratorResult<unknown, unknown>;
      try {
        r = kind === Mail.Throw ? top.throw(value) : resumeTop.call(top, value);
      } catch (error) {
        // Generators of calls that suspended above `top` before it threw (a RangeError while
        // they came down, say) died with it.
        comingDown.length = 0;
        frames.pop();
        if (frames.length === 0) {
          g = finishWith(g, Mail.Throw, error);
          continue next;
        }
        traceSuspendedFrames(error, frames);
        kind = Mail.Throw;
        value = error;
        continue;
      }
      // `=== true`: V8 does not know `done` is a boolean, and a plain test converts it.
      if (r.done === true) {
        frames.pop();
        if (frames.length === 0) {
          g = finishWith(g, Mail.Value, r.value);
          continue next;
        }
        kind = Mail.Value;
        value = r.value;
        continue;
      }
      if (r.value !== call) {
        kind = Mail.Throw;
        value = new GreenletError('a greenlet twin yielded something other than a call: was it compiled by a different greenlet-ts?');
        continue;
      }
      if (comingDown.length !== 0) {
        // The marked calls above `top` that suspended, innermost first: they go on the stack in
        // call order.
        for (let i = comingDown.length - 1; i >= 0; i--) frames.push(comingDown[i]!);
        comingDown.length = 0;
        // Checked here, where frames are added, not at every switch. The switch asked for has been
        // made; when this greenlet runs again, that switch throws instead, as a call past the end
        // of a real stack would.
        if (frames.length > MAX_FRAMES) frames.push(overflow());
      }
      // The transfer was made at the call (`transfers`): run the greenlet it made current.
      g = t.currentState;
      continue next;
    }
  }
}

/** A frame that throws when it is resumed: a greenlet's stack overflowed (see `loop`). */
function* overflow(): Frame {
  throw new RangeError(`Maximum call stack size exceeded (more than ${MAX_FRAMES} suspended greenlet frames)`);
}

/** Errors whose stacks already name the frames they were thrown into (see below). */
const traced = new WeakSet<object>();

/**
 * An error leaving a frame the loop resumed goes on into frames of this greenlet that are
 * suspended, not on the JavaScript stack: its stack trace names them, innermost first, as V8
 * appends `at async` frames for awaiting functions. Once per error, when it first leaves a frame.
 * Names only: a suspended generator's position is not readable from JavaScript. Not for a
 * GreenletExit (ending greenlets is not an error, and can be frequent).
 */
function traceSuspendedFrames(error: unknown, frames: Frame[]): void {
  if (!(error instanceof Error) || error instanceof GreenletExit || traced.has(error)) return;
  traced.add(error);
  const stack = error.stack;
  if (typeof stack !== 'string') return;
  const limit = typeof Error.stackTraceLimit === 'number' ? Error.stackTraceLimit : 10;
  const lines: string[] = [];
  for (let i = frames.length - 1; i >= 0 && lines.length < limit; i--) {
    const name = (Object.getPrototypeOf(frames[i]) as { [FRAME_NAME]?: string } | null)?.[FRAME_NAME] || '<anonymous>';
    lines.push(`    at async ${name} (suspended greenlet frame)`);
  }
  try {
    error.stack = `${stack}\n${lines.join('\n')}`;
  } catch {
    // A frozen error, or `stack` made read-only: its trace stays as it is.
  }
}

/**
 * Starts `g` with `args`: undefined when its twin is now on its fresh frame stack, else (an
 * unmarked run function ran to its end, or could not start) the greenlet that runs next.
 */
function start(g: GreenletState, args: unknown[]): GreenletState | undefined {
  const frames: Frame[] = (g.stack = []);
  try {
    const fn = transfer.takeRun(g);
    const twin = (fn as { [TWIN]?: TwinFunction })[TWIN];
    if (twin !== undefined) {
      frames.push(twin.apply(transfer.runReceiver(g), args));
      return undefined;
    }
    // An unmarked run function cannot suspend here: it simply runs to its end.
    return finishWith(g, Mail.Value, fn.apply(transfer.runReceiver(g), args));
  } catch (error) {
    return finishWith(g, Mail.Throw, error);
  }
}

function finishWith(g: GreenletState, kind: Mail.Value | Mail.Throw, value: unknown): GreenletState {
  g.stack = undefined;
  return transfer.finish(g, kind, value);
}

/** The error for a plain switch from a greenlet other than main: names the function to mark. */
function unmarkedSwitch(origin: GreenletState): GreenletError {
  const culprit = firstForeignFrame();
  const where = culprit ? ` through '${culprit.name}' (${culprit.location})` : '';
  const untransformed =
    twinsRegistered === 0
      ? ' No code compiled by the greenlet-ts transformer has been loaded: add ' +
        '{ "transform": "greenlet-ts/transformer" } to compilerOptions.plugins in tsconfig.json and build with tspc ' +
        '(TypeScript 5.3 to 6), or with `npx greenlet-tsc` on TypeScript 7, whose tsc runs no transformers.'
      : '';
  return new GreenletError(
    `cannot suspend ${transfer.describe(origin)}: switch() was reached${where}, a frame the cps backend cannot suspend. ` +
      'On cps only functions marked /** @greenlet */ can be suspended, so callbacks, getters and iterators cannot switch. ' +
      `Mark ${culprit ? `'${culprit.name}'` : 'that function'} and every function between it and the greenlet's run ` +
      'function, the run function too, with /** @greenlet */ (a marked function called from an unmarked one runs ' +
      'unmarked), or use the native backend (GREENLET_BACKEND=native), which suspends any frame.' +
      untransformed,
  );
}

/** The innermost stack frame outside greenlet-ts' own runtime. */
function firstForeignFrame(): { name: string; location: string } | undefined {
  const frames = stackFrames(20) ?? [];
  // This file's directory's parent, from its own frame: the same in the CommonJS and ES-module builds.
  const here = frames[0]?.getFileName() ?? '';
  const runtimeDir = here.replace(/runtime-fallback[/\\][^/\\]*$/, '');
  // Bundled into one file with the program (a browser bundle): the frame below Greenlet#switch/throw.
  const below = runtimeDir === here ? frames.findIndex((f) => /^(Greenlet\.)?(switch|throw)$/.test(f.getFunctionName() ?? '')) + 1 : 0;
  for (const f of frames.slice(below)) {
    const file = f.getFileName() ?? '';
    if (below === 0 && file.startsWith(runtimeDir)) continue;
    const name = f.getFunctionName() ?? f.getMethodName() ?? '<anonymous>';
    return { name, location: `${file}:${f.getLineNumber()}:${f.getColumnNumber()}` };
  }
  return undefined;
}
