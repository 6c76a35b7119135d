/**
 * A suspended greenlet that nobody can reach any more can never be switched to again; like
 * Python's greenlet we then throw GreenletExit into it so its `finally` blocks run. To let
 * the collector notice, a greenlet's state holds its public object only weakly from its
 * first suspension on; a FinalizationRegistry tells us when that object is gone.
 */
import type { GreenletState } from './state';

let kill: (s: GreenletState) => void = () => {};
const registry = new FinalizationRegistry<GreenletState>((s) => {
  if (!s.dead) kill(s);
});

/** Registered by greenlet.ts: ends an unreachable suspended greenlet. */
export function onUnreachable(fn: (s: GreenletState) => void): void {
  kill = fn;
}

export function watch(s: GreenletState): void {
  const shell = s.shell;
  if (shell instanceof WeakRef) return;
  s.watched = true;
  s.shell = new WeakRef(shell);
  registry.register(shell, s, s);
}

export function unwatch(s: GreenletState): void {
  if (!s.watched) return;
  s.watched = false;
  registry.unregister(s);
}
