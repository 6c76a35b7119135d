/**
 * Globals whose functions are known plain: without type information these are the only
 * callees outside the file the Babel plugin can prove unmarked, so calls of them (and of
 * their properties, `Math.max(...)`, `Object.keys(...)`) skip the run-time check.
 * A local binding of the same name shadows them (the plugin checks scope first).
 */
export const PLAIN_GLOBALS: ReadonlySet<string> = new Set([
  'console', 'Math', 'JSON', 'Reflect', 'Atomics', 'Intl',
  'Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt',
  'Promise', 'Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Proxy',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'eval',
  'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
  'queueMicrotask', 'structuredClone', 'require', 'process', 'Buffer',
  'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'AbortController',
]);
