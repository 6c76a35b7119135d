/**
 * The native backend: every started greenlet runs on an OS thread of its own, with its own
 * machine stack, and a switch hands the isolate's lock from one thread to the next (see
 * ../shared/DESIGN.md). Any frame can be suspended, marked or not. Where control goes is
 * decided in runtime/transfer.ts; this file only creates stacks and moves control.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Backend, NativeLoad } from '../runtime/backend';
import { GreenletError } from '../runtime/errors';
import { Mail, type GreenletState } from '../runtime/state';
import * as transfer from '../runtime/transfer';
import { parseColocate, parseStackSize } from './settings';

/** The addon's handle on one stack (a V8 External). */
type StackHandle = object & { readonly __stackHandle: never };

/** What runtime-native/src/addon.cc exports. */
interface Addon {
  mainStack(): StackHandle;
  configure(stackSize: number): void;
  colocate(on: boolean): void;
  spawn(entry: () => StackHandle, record: GreenletState): StackHandle | string;
  resume(target: StackHandle): void;
  /** `records`: those spawn() was given, by any copy of greenlet-ts. */
  onTerminated(fn: (records: GreenletState[]) => void): void;
  stats(): {
    live: number;
    finished: number;
    pooled: number;
    spun: number;
    parked: number;
    pins: number;
    stackSize: number;
    colocate: boolean;
  };
}

/** Where node-gyp puts the addon, relative to this file once compiled to dist/runtime-native/. */
const ADDON_PATHS = ['Release', 'Debug'].map((kind) =>
  path.resolve(__dirname, '..', '..', 'runtime-native', 'build', kind, 'greenlet_native.node'),
);

let loaded: NativeLoad | undefined;

export function loadNative(): NativeLoad {
  return (loaded ??= load());
}

/**
 * The addon is loaded once per thread (main thread or Worker) and shared by every copy of
 * greenlet-ts in it: it keeps one registry of stacks per Node environment.
 */
const SHARED: unique symbol = Symbol.for('greenlet-ts.native') as any;
interface Shared {
  addon: Addon;
  main: StackHandle;
  /** The stack running now, whichever copy of greenlet-ts started it. */
  running: StackHandle;
  /** Each copy's way to learn that greenlets of its own were terminated (see nativeBackend). */
  onTerminated: Array<(records: GreenletState[]) => void>;
}

function load(): NativeLoad {
  // A bad setting is an error whichever backend would have been chosen.
  const stackSize = parseStackSize(process.env.GREENLET_STACK_SIZE);
  if (typeof stackSize === 'string') throw new GreenletError(stackSize);
  const colocate = parseColocate(process.env.GREENLET_COLOCATE);
  if (typeof colocate === 'string') throw new GreenletError(colocate);
  const holder = globalThis as { [SHARED]?: Shared };
  let shared = holder[SHARED];
  if (shared === undefined) {
    const file = ADDON_PATHS.find((p) => fs.existsSync(p));
    if (file === undefined) {
      return {
        error:
          `the addon was not built (${ADDON_PATHS[0]} is missing; \`npm install\` printed why). Build it with ` +
          '`npm rebuild greenlet-ts` (in a clone of greenlet-ts: `npm run build:native`), which needs python3, make ' +
          'and a C++20 compiler, or run with GREENLET_BACKEND=cps.',
      };
    }
    const mismatch = builtForAnother(path.resolve(file, '..', '..', 'greenlet-node.json'));
    if (mismatch !== undefined) return { error: mismatch };
    let addon: Addon;
    try {
      addon = require(file) as Addon;
    } catch (e) {
      return {
        error:
          `the addon at ${file} does not load: ${(e as Error).message}. Rebuild it with \`npm rebuild greenlet-ts\` ` +
          '(in a clone of greenlet-ts: `npm run build:native`), or run with GREENLET_BACKEND=cps.',
      };
    }
    if (stackSize !== undefined) addon.configure(stackSize);
    if (colocate !== undefined) addon.colocate(colocate);
    const main = addon.mainStack();
    const fresh: Shared = { addon, main, running: main, onTerminated: [] };
    addon.onTerminated((records) => {
      fresh.running = main;
      for (const tell of fresh.onTerminated) tell(records);
    });
    shared = holder[SHARED] = fresh;
  }
  return { backend: nativeBackend(shared) };
}

/** What runtime-native/node-gyp.js records beside the addon it built. */
interface BuiltFor {
  node: string;
  modules: string;
  platform: string;
  arch: string;
}

/**
 * Why the addon must not be loaded into this process, or undefined. The addon uses V8's own
 * API, which is bound to one Node line: loaded by another (a user who switched Node after
 * installing), it would crash on its first V8 call or fail to link, so the record its build
 * left is checked first.
 */
function builtForAnother(stampFile: string): string | undefined {
  const rebuild =
    'Rebuild it for this Node with `npm rebuild greenlet-ts` (in a clone of greenlet-ts: `npm run build:native`), ' +
    'or run with GREENLET_BACKEND=cps.';
  let built: BuiltFor;
  try {
    built = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as BuiltFor;
  } catch {
    return `the addon has no record of the Node it was built for (${stampFile} is missing or unreadable). ${rebuild}`;
  }
  const here: BuiltFor = {
    node: process.versions.node,
    modules: process.versions.modules ?? '?',
    platform: process.platform,
    arch: process.arch,
  };
  if (built.modules === here.modules && built.platform === here.platform && built.arch === here.arch) return undefined;
  const describe = (b: BuiltFor) => `Node ${b.node} (ABI ${b.modules}, ${b.platform}-${b.arch})`;
  return `the addon was built for ${describe(built)}, and this is ${describe(here)}. ${rebuild}`;
}

function nativeBackend(shared: Shared): Backend {
  const { addon, main: mainStack } = shared;

  // A greenlet's JavaScript can be terminated from outside (a vm script's timeout, the REPL's
  // Ctrl-C) and the termination then cancelled where it reaches the main greenlet, so that the
  // program goes on. The addon reports such greenlets on the main stack first: they are dead,
  // without their own ending having run, and the main greenlet runs.
  shared.onTerminated.push((records) => {
    const thread = transfer.currentThread();
    for (const s of records) {
      if (s.thread !== thread) continue; // another copy's
      s.stack = undefined;
      transfer.die(s);
    }
    transfer.mainRuns();
  });

  /**
   * `s`'s stack, created now for a greenlet that starts. When no thread can be created the
   * greenlet dies of the GreenletError, which goes on to its parent as any error leaving it
   * would; returns the greenlet that runs instead.
   */
  function prepare(s: GreenletState): GreenletState {
    while (s.stack === undefined) {
      if (s === transfer.currentThread().mainState) {
        s.stack = mainStack;
        break;
      }
      const stack = addon.spawn(entryOf(s), s);
      if (typeof stack === 'string') {
        s = transfer.finish(s, Mail.Throw, new GreenletError(stack));
        continue;
      }
      s.stack = stack;
    }
    return s;
  }

  /** What greenlet `s`'s thread runs: its function, then the hand-off to whoever is next. */
  function entryOf(s: GreenletState): () => StackHandle {
    return () => {
      shared.running = s.stack as StackHandle;
      let next: GreenletState;
      try {
        const fn = transfer.takeRun(s);
        const args = s.mailValue as unknown[];
        s.mailValue = undefined;
        const result = fn.apply(transfer.runReceiver(s), args);
        next = transfer.finish(s, Mail.Value, result);
      } catch (error) {
        next = transfer.finish(s, Mail.Throw, error);
      }
      // This thread ends, or waits idle in the addon's pool, once it hands over: the greenlet
      // is dead and holds no thread.
      s.stack = undefined;
      return prepare(next).stack as StackHandle;
    };
  }

  return {
    name: 'native',
    // The main greenlet's own switch can be cut short by a termination that is then cancelled
    // (a vm script's timeout, the REPL's Ctrl-C) after it chose its target but before it handed
    // over: no greenlet died, so the addon reports nothing, but the runtime took the target for
    // the current greenlet. The main stack runs (`running` says so; every other stack's run sets
    // it), so the main greenlet is current — but for a trace call for a greenlet that dies
    // without running, made on the switching stack with the dying greenlet current.
    sync(thread) {
      if (shared.running === mainStack && thread.currentState !== thread.mainState && thread.tracing === 0) {
        transfer.mainRuns();
      }
    },
    // Any frame can be suspended, but only by the greenlet that runs: when another copy of
    // greenlet-ts in this thread started a greenlet, this copy's current greenlet is not the
    // one running, and its switch would resume the wrong stack. (The addon also refuses a
    // switch from an OS thread other than the running stack's.)
    checkSuspendable(origin) {
      if ((origin.stack ?? mainStack) !== shared.running) {
        throw new GreenletError(
          `cannot switch from ${transfer.describe(origin)}: a greenlet of another copy of greenlet-ts is running ` +
            'on this thread, and greenlets of two copies cannot be nested. Install a single copy (see `npm ls greenlet-ts`).',
        );
      }
    },
    resume(origin, target) {
      const next = prepare(target);
      if (next === origin) return;
      addon.resume(next.stack as StackHandle);
      shared.running = (origin.stack as StackHandle | undefined) ?? mainStack;
    },
  };
}
