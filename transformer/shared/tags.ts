/**
 * Reading `@greenlet` from a comment's text. JSDoc tags start a comment line: after the opening
 * `/**`, or after a line's leading `*` and blanks. `{@link greenlet}`, `foo@greenlet.dev` or a tag
 * inside prose are not tags. Only `/** … *\/` block comments carry tags, as in JSDoc.
 */
import { TAG } from './names';

const TAG_AT_LINE_START = new RegExp(`^[\\s*]*@${TAG}(?![\\w$-])`, 'm');

/** Whether the comment text (delimiters included) carries the `@greenlet` tag. */
export function commentHasGreenletTag(comment: string): boolean {
  if (!comment.startsWith('/**') || comment.startsWith('/**/')) return false;
  if (!comment.includes('@' + TAG)) return false; // fast path: most comments do not mention it
  const body = comment.slice(3, comment.endsWith('*/') ? -2 : undefined);
  return TAG_AT_LINE_START.test(body);
}

/** Cheap pre-check on a whole file: can any comment in it carry the tag? */
export function mayContainGreenletTag(sourceText: string): boolean {
  return sourceText.includes('@' + TAG);
}
