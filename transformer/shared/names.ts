/**
 * Names shared by every greenlet-ts transformer (this TypeScript one, a later Babel one): the
 * module emitted code imports and the protocol functions it calls. No dependency on `typescript`.
 */

/** The module every transformed file imports, as `import * as <ns> from PROTOCOL_MODULE`. */
export const PROTOCOL_MODULE = 'greenlet-ts/protocol';

/** Preferred local name of that namespace import; a suffix is added when the file already uses it. */
export const NAMESPACE_NAME = '__greenlet';

/** `twin(fn, gen)`: attaches the generator twin `gen` to the marked function `fn`, returns `fn`. */
export const TWIN_HELPER = 'twin';

/** `call(callee, thisArg, args)`: what a twin yields at each suspension point. */
export const CALL_HELPER = 'call';

/**
 * `call0(callee, thisArg)`, `call1(callee, thisArg, arg)`: the same for a call with no or one
 * argument (not spread), which passes no array (most suspension points: `g.switch(x)`).
 */
export const CALL0_HELPER = 'call0';
export const CALL1_HELPER = 'call1';

/** Every protocol function emitted code calls. */
export type ProtocolHelper = typeof TWIN_HELPER | typeof CALL_HELPER | typeof CALL0_HELPER | typeof CALL1_HELPER;

/** The JSDoc tag that marks a function. */
export const TAG = 'greenlet';

/** A local name not occurring anywhere in `text` (a file's source): `base`, `base_1`, `base_2`, … */
export function freshName(text: string, base: string): string {
  if (!text.includes(base)) return base;
  for (let i = 1; ; i++) {
    const name = `${base}_${i}`;
    if (!text.includes(name)) return name;
  }
}
