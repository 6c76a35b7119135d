/**
 * Diagnostics in Babel's conventions, with the texts and codes the TypeScript transformer
 * reports: errors are thrown as code-frame errors ("file: message" and the source lines);
 * warnings go to console.warn as "file: message (line:column)", as Babel prints locations.
 */
import type { NodePath, types as T } from '@babel/core';
import { format, messages, type MessageKey } from '../transformer/shared';

function text(key: MessageKey, args: string[]): string {
  const m = messages[key];
  return `greenlet-ts ${m.code}: ${format(m, ...args)}`;
}

export function errorAt(path: NodePath, key: MessageKey, ...args: string[]): Error {
  return path.buildCodeFrameError(text(key, args));
}

export function warnAt(filename: string | null | undefined, node: T.Node, key: MessageKey, ...args: string[]): void {
  const where = node.loc ? ` (${node.loc.start.line}:${node.loc.start.column + 1})` : '';
  console.warn(`${filename ?? 'unknown file'}: warning ${text(key, args)}${where}`);
}
