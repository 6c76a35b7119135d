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

/**
 * `call(callee, thisArg, args)`: makes the call of a suspension point; its value, or the mark
 * SUSPENDED_MARK when the call suspended, which the twin then yields. Every build path emits a
 * suspension point the same way, in one function of its own (transformer/calls.ts
 * `suspension`, babel/emit.ts `suspension`):
 *
 *     ((_r = __greenlet.call(f, thisArg, [a, b])) === __greenlet.CALL ? (yield _r) : _r)
 *
 * `_r` is one temporary per twin (RESULT_TEMP): it is read right after it is written.
 */
export const CALL_HELPER = 'call';

/** The protocol's mark of a call that suspended (see CALL_HELPER). */
export const SUSPENDED_MARK = 'CALL';

/** Base name of a twin's temporary holding a suspension point's result. */
export const RESULT_TEMP = '_r';

/**
 * `call0(callee, thisArg)`, `call1(callee, thisArg, arg)`: the same for a call with no or one
 * argument (not spread), which passes no array (most suspension points: `g.switch(x)`).
 */
export const CALL0_HELPER = 'call0';
export const CALL1_HELPER = 'call1';

/** Every protocol export emitted code uses. */
export type ProtocolHelper = typeof TWIN_HELPER | typeof CALL_HELPER | typeof CALL0_HELPER | typeof CALL1_HELPER | typeof SUSPENDED_MARK;

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
