/**
 * Names of method twins, which both transformers emit alike (see transformer/members.ts): a
 * sibling generator method under a temporary string key, and for a private method `#m` a
 * private static `#m$greenlet`. No dependency on `typescript`. Added for the Babel plugin.
 */

/** `#m` → `#m$greenlet` (with the `#`); `m` → `m$greenlet`. */
export function privateTwinName(name: string): string {
  return `${name}$greenlet`;
}

/** The temporary key of a method twin: `base$greenlet`, or `base$greenlet1`, … when taken. Adds it to `taken`. */
export function freshTwinKey(base: string, taken: Set<string>): string {
  let key = `${base}$greenlet`;
  for (let i = 1; taken.has(key); i++) key = `${base}$greenlet${i}`;
  taken.add(key);
  return key;
}
