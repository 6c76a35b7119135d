/**
 * The checks of JavaScript's iteration protocol for a `for-of` that the transformer lowered into
 * explicit `next()` / `return()` calls in a twin (so those calls can suspend on cps), with the
 * TypeErrors a plain `for-of` throws.
 */

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') return `object ${Object.prototype.toString.call(value).slice(8, -1)}`;
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

/** GetIterator(value, sync): `value[Symbol.iterator]()`, which must give an object. */
export function iterate(value: unknown): object {
  const method = value == null ? undefined : (value as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof method !== 'function') throw new TypeError(`${describe(value)} is not iterable (for-of needs a [Symbol.iterator]() method)`);
  const iterator: unknown = method.call(value);
  if (Object(iterator) !== iterator) throw new TypeError(`the [Symbol.iterator]() method of ${describe(value)} returned ${describe(iterator)}, not an object`);
  return iterator as object;
}

/** IteratorComplete(result): `result.done`; the result of `next()` must be an object. */
export function stepDone(result: unknown): boolean {
  if (Object(result) !== result) throw new TypeError(`Iterator result ${describe(result)} is not an object`);
  return Boolean((result as IteratorResult<unknown>).done);
}

/** The end of IteratorClose on break/return: what `return()` gave must be an object. */
export function closed(result: unknown): void {
  if (Object(result) !== result) throw new TypeError(`the iterator's return() returned ${describe(result)}, not an object`);
}
