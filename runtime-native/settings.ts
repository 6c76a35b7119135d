/** The native backend's environment settings; each parser returns an error message for a bad value. */

// GREENLET_STACK_SIZE: bytes of machine stack per greenlet thread ("2097152", "2m", "512k").

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
/** Less leaves V8 too little room below its stack limit (see src/stack.h). */
export const MIN_STACK_SIZE = 512 * 1024;

/** The size in bytes, undefined when unset, or an error message. */
export function parseStackSize(text: string | undefined): number | string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^\s*(\d+)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < MIN_STACK_SIZE) {
    return `GREENLET_STACK_SIZE='${text}' is not a stack size of at least 512k (write bytes, or a number with k, m or g)`;
  }
  return bytes;
}

/**
 * GREENLET_COLOCATE: whether a switch keeps both threads on one CPU ("1", the default) or lets
 * the scheduler place them ("0"). See runtime-native/README.md.
 */
export function parseColocate(text: string | undefined): boolean | string | undefined {
  const value = text?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (['1', 'on', 'true', 'yes'].includes(value)) return true;
  if (['0', 'off', 'false', 'no'].includes(value)) return false;
  return `GREENLET_COLOCATE='${text}' is not 1 or 0 (1, the default: a switch keeps both threads on one CPU)`;
}
