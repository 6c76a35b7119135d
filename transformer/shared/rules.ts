/**
 * The marking rules as predicates over a syntax-neutral description of what carries the tag,
 * so every transformer (TypeScript, Babel) decides the same way.
 */
import type { MessageKey } from './messages';

/** What a `@greenlet` tag was found on. */
export type TaggedThing =
  | { kind: 'function'; generator: boolean; async: boolean } // declaration, expression or arrow
  | { kind: 'method'; generator: boolean; async: boolean } // object-literal or class method
  | { kind: 'constructor' }
  | { kind: 'accessor' } // get / set
  | { kind: 'signature' } // a declaration without a body: .d.ts function, interface member, overload
  | { kind: 'other'; what: string }; // class, interface, variable without a function initializer, …

/** `undefined` when the tag marks a function that gets a twin or is a marked declaration; else the error. */
export function markingError(thing: TaggedThing): MessageKey | undefined {
  switch (thing.kind) {
    case 'function':
    case 'method':
      if (thing.generator) return 'generator';
      if (thing.async) return 'async';
      return undefined;
    case 'constructor':
      return 'constructor';
    case 'accessor':
      return 'accessor';
    case 'signature':
      return undefined;
    case 'other':
      return 'notAFunction';
  }
}

/** Whether the marked thing gets a generator twin (declarations without a body only mark their callers). */
export function getsTwin(thing: TaggedThing): boolean {
  return (thing.kind === 'function' || thing.kind === 'method') && markingError(thing) === undefined;
}
