/**
 * greenlet-ts/hub everywhere but Node.js. Deno and Bun have `node:async_hooks`, taken through
 * `process.getBuiltinModule` so that nothing here imports a Node built-in (a browser bundle must
 * not contain one); in browsers there is none, and greenlets share the page's one context.
 */
import { useAsyncHooks, type AsyncHooks } from './host';

function builtinAsyncHooks(): AsyncHooks | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') return undefined;
  try {
    return get('node:async_hooks') as AsyncHooks | undefined;
  } catch {
    return undefined; // a runtime that names the function but lacks the module
  }
}

useAsyncHooks(builtinAsyncHooks());

export * from './index';
