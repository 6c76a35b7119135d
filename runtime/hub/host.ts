/**
 * What the hub takes from the runtime it runs on: `node:async_hooks` where the runtime has it
 * (Node, Deno, Bun), handed in by the hub's entry for that runtime (node.ts, portable.ts), for
 * per-greenlet AsyncLocalStorage context; and a way to run something at the event loop's next
 * turn. Typed here by what the hub uses, so its declarations need no Node types.
 */

export interface AsyncResourceLike {
  runInAsyncScope<This, R>(fn: (this: This) => R, thisArg: This): R;
  asyncId(): number;
}

export interface AsyncHooks {
  AsyncResource: new (type: string) => AsyncResourceLike;
  AsyncLocalStorage: new <T>() => { enterWith(store: T): void; getStore(): T | undefined; disable(): void };
  executionAsyncId(): number;
}

/** undefined where the runtime has no async_hooks (browsers): greenlets then share one context. */
export let asyncHooks: AsyncHooks | undefined;

/** Called once by the hub's entry, before any greenlet waits. */
export function useAsyncHooks(hooks: AsyncHooks | undefined): void {
  asyncHooks = hooks;
}

/**
 * Runs `fn` at the event loop's next turn, after pending I/O callbacks: setImmediate where there
 * is one (Node, Deno, Bun); a MessageChannel message in browsers, where setTimeout(0) is clamped
 * to 4 ms once nested; setTimeout elsewhere.
 */
export const nextTurn: (fn: () => void) => void =
  typeof setImmediate === 'function'
    ? (fn) => void setImmediate(fn)
    : typeof MessageChannel === 'function'
      ? channelTurn()
      : (fn) => void setTimeout(fn, 0);

function channelTurn(): (fn: () => void) => void {
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  // The DOM's MessagePort (Node's typings describe Node's, an EventEmitter).
  (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queue.shift()!();
  return (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
}
