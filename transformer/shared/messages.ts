/**
 * Diagnostic texts and codes of the greenlet-ts transformers. Texts say what to do; `{0}` is
 * replaced by a name. No dependency on `typescript`.
 */

export interface Message {
  readonly code: number;
  readonly category: 'error' | 'warning';
  readonly text: string;
}

const error = (code: number, text: string): Message => ({ code, category: 'error', text });
const warning = (code: number, text: string): Message => ({ code, category: 'warning', text });

export const messages = {
  generator: error(
    77001,
    "@greenlet cannot mark a generator function: generators already suspend by themselves. Remove the tag, or make it a plain function that calls switch().",
  ),
  async: error(
    77002,
    '@greenlet cannot mark an async function: an await cannot be suspended by a greenlet switch. Remove the tag, or make it a plain (non-async) function.',
  ),
  constructor: error(
    77003,
    '@greenlet cannot mark a constructor: construction cannot be suspended. Move the code that switches into a marked method and call it after construction.',
  ),
  accessor: error(
    77004,
    '@greenlet cannot mark a getter or setter: they are called implicitly, where the cps backend cannot suspend. Move the code that switches into a marked method.',
  ),
  notAFunction: error(
    77005,
    "@greenlet marks functions, and {0} is not one. Put the tag on a function declaration, a method, or a 'const'/'let' whose initializer is a function or arrow function.",
  ),
  anonymousClassPrivate: error(
    77006,
    "@greenlet on the private method '{0}' needs a named class: give this class expression a name (e.g. 'class Worker { ... }').",
  ),
  superWriteInArrow: error(
    77007,
    '@greenlet on an arrow function that assigns to a super property is not supported: its twin reads super through a captured getter. Make it a marked method, or assign through this.',
  ),
  callbackCannotSuspend: warning(
    77101,
    "'{0}' can switch greenlets, but it is called inside an unmarked function nested in a marked one: on the cps backend this callback cannot suspend. Mark the callback with /** @greenlet */ (and call it from marked code), or use the native backend.",
  ),
} as const;

export type MessageKey = keyof typeof messages;

export function format(message: Message, ...args: string[]): string {
  return message.text.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '');
}
