/** greenlet-ts/hub on Node.js: Node's async_hooks give each greenlet its AsyncLocalStorage context. */
import * as asyncHooks from 'node:async_hooks';
import { useAsyncHooks } from './host';

useAsyncHooks(asyncHooks);

export * from './index';
