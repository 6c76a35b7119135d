/**
 * AsyncLocalStorage context belongs to a greenlet: every entry into a greenlet from the hub
 * runs inside the greenlet's own AsyncResource (Slot.resource in hub.ts), so what the greenlet
 * stores (`enterWith`, `run`) lives on its resource, and is what it sees after every wait.
 */
import { asyncHooks } from './host';

let moves: boolean | undefined;

/**
 * Where AsyncLocalStorage keeps its values: on the current async resource (Node 20, 22), or
 * in an async context frame that `runInAsyncScope` restores on the way out (Node ≥ 24). In the
 * second case a greenlet's context moves when it stores something, so its resource is taken
 * anew each time it suspends. Probed at first use, once the hub's entry handed in async_hooks.
 */
export function contextMoves(): boolean {
  return (moves ??= probe());
}

function probe(): boolean {
  if (asyncHooks === undefined) return false;
  const probe = new asyncHooks.AsyncLocalStorage<number>();
  const r = new asyncHooks.AsyncResource('greenlet-ts.hub.probe');
  r.runInAsyncScope(() => probe.enterWith(1), undefined);
  const kept = r.runInAsyncScope(() => probe.getStore(), undefined) === 1;
  probe.disable(); // an enabled storage would slow down every promise of the process
  return !kept;
}
