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
 * How a suspension point is emitted (one function per build path: transformer/calls.ts
 * `suspension`, babel/emit.ts `suspensionCall`): the call is driven at the site, as
 *
 *     (((_r = ((_f = f)?.[__greenlet_twin] ?? _f?.[__greenlet_transfer] ?? __greenlet.callable(_f))(a, b)),
 *        _f[__greenlet_twin] !== void 0)
 *       ? ((_f = _r, (_r = _r.next()).done === true) ? _r.value : (yield __greenlet.suspend(_f, _r.value)))
 *       : (_r === __greenlet_call ? (yield _r) : _r))
 *
 * (runtime/protocol.ts says why). When the arguments hold a suspension point themselves, whose
 * emission would overwrite the temporaries in between, the site instead calls a helper that
 * takes everything as arguments: `((_r = __greenlet.call(f, thisArg, [a, b])) === __greenlet_call ? (yield _r) : _r)`;
 * so does a call the checker proves is `Greenlet#switch`/`throw` (the helpers test for those first).
 */
export const CALL_HELPER = 'call';

/** `call0(callee, thisArg)`, `call1(callee, thisArg, arg)`: `call` without an array. */
export const CALL0_HELPER = 'call0';
export const CALL1_HELPER = 'call1';

/** `suspend(gen, yielded)`: a site's callee suspended at its first step; returns CALL. */
export const SUSPEND_HELPER = 'suspend';

/** `callable(f)`: an unmarked callee, or the TypeError a plain call of it throws. */
export const CALLABLE_HELPER = 'callable';

/** Every protocol export emitted code calls. */
export type ProtocolHelper = typeof TWIN_HELPER | typeof CALL_HELPER | typeof CALL0_HELPER | typeof CALL1_HELPER | typeof SUSPEND_HELPER | typeof CALLABLE_HELPER;

/**
 * Protocol values every site reads, bound once per module to constants named
 * `<namespace>_<key>` (a namespace property read at each site made a marked call ~20% dearer
 * in a CommonJS build): `const __greenlet_twin = __greenlet.TWIN, ...;` right after the import.
 */
export const SITE_CONSTANTS = { twin: 'TWIN', transfer: 'TRANSFER', call: 'CALL' } as const;
export type SiteConstant = keyof typeof SITE_CONSTANTS;

/** The module constant holding the protocol value `key` (see SITE_CONSTANTS). */
export function siteConstant(namespace: string, key: SiteConstant): string {
  return `${namespace}_${key}`;
}

/** Base names of a twin's temporaries at its sites: the callee (then its generator), what the call gave (then the generator's first step). */
export const CALLEE_TEMP = '_f';
export const RESULT_TEMP = '_r';

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
