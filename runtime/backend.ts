/**
 * A backend only moves control between greenlets; what moves where is decided in
 * transfer.ts. Chosen once per thread: GREENLET_BACKEND=native|cps, else native when the
 * addon loaded, else cps.
 */
import { GreenletError } from './errors';
import type { GreenletState, ThreadState } from './state';

export type BackendName = 'native' | 'cps';

export interface Backend {
  readonly name: BackendName;
  /**
   * Called before a plain (non-trampolined) switch or throw leaves `origin`; throws
   * GreenletError when this backend cannot suspend the calling frame.
   */
  checkSuspendable(origin: GreenletState, thread: ThreadState): void;
  /** Moves control to `target`, whose mail is ready; returns when `origin` runs again. */
  resume(origin: GreenletState, target: GreenletState): void;
  /**
   * Brings the thread's state up to date when a termination that was then cancelled (a vm
   * script's timeout, the REPL's Ctrl-C) cut JavaScript short in the middle of a switch or of
   * a greenlet, without the backend seeing it end. Called first by a plain switch or throw
   * (`thorough`), and by `new Greenlet()` and `getcurrent()`, which need the current greenlet
   * and must stay cheap (a check that costs more is then skipped). Cheap when nothing happened.
   */
  sync?(thread: ThreadState, thorough: boolean): void;
}

export interface NativeLoad {
  backend?: Backend;
  /** Why the addon is not available. */
  error?: string;
}

/** The backend chosen for this thread, and why it is not the native one (undefined when it is). */
export interface Choice {
  backend: Backend;
  whyNotNative: string | undefined;
}

/**
 * The backend for GREENLET_BACKEND (read with `getEnv`, which the entry gives because reading the
 * environment differs by runtime), loading the addon only when it may be used.
 */
export function chooseBackend(
  loadCps: () => Backend,
  loadNative: () => NativeLoad,
  getEnv: (name: string) => string | undefined,
): Choice {
  const env = getEnv('GREENLET_BACKEND');
  if (env === 'cps') return { backend: loadCps(), whyNotNative: 'GREENLET_BACKEND=cps' };
  if (env === 'native') {
    const native = loadNative();
    if (native.backend) return { backend: native.backend, whyNotNative: undefined };
    throw new GreenletError(`GREENLET_BACKEND=native, but the native addon is not available: ${native.error}`);
  }
  if (env !== undefined && env !== '') {
    throw new GreenletError(`GREENLET_BACKEND must be 'native' or 'cps', not '${env}'`);
  }
  const native = loadNative();
  if (native.backend) return { backend: native.backend, whyNotNative: undefined };
  return { backend: loadCps(), whyNotNative: native.error };
}
