/**
 * AsyncLocalStorage context belongs to a greenlet: every entry into a greenlet from the hub
 * runs inside the greenlet's own AsyncResource (Slot.resource in hub.ts), so what the greenlet
 * stores (`enterWith`, `run`) lives on its resource, and is what it sees after every wait.
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';

/**
 * Where AsyncLocalStorage keeps its values: on the current async resource (Node 20, 22), or
 * in an async context frame that `runInAsyncScope` restores on the way out (Node ≥ 24). In the
 * second case a greenlet's context moves when it stores something, so its resource is taken
 * anew each time it suspends.
 */
export const contextMoves = (() => {
  const probe = new AsyncLocalStorage<number>();
  const r = new AsyncResource('greenlet-ts.hub.probe');
  r.runInAsyncScope(() => probe.enterWith(1));
  const kept = r.runInAsyncScope(() => probe.getStore()) === 1;
  probe.disable(); // an enabled storage would slow down every promise of the process
  return !kept;
})();
