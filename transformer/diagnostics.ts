/** Reporting through ts-patch's `addDiagnostic`, once per place (twins visit some code twice). */
import type * as TS from 'typescript';
import { ts } from './ts';
import { format, messages, type MessageKey } from './shared';

export type AddDiagnostic = (d: TS.Diagnostic) => unknown;

export class Reporter {
  private readonly seen = new Set<string>();

  constructor(private readonly add: AddDiagnostic) {}

  report(node: TS.Node, key: MessageKey, ...args: string[]): void {
    const sf = node.getSourceFile();
    const m = messages[key];
    const start = node.getStart(sf);
    const id = `${sf.fileName}:${start}:${m.code}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.add({
      file: sf,
      start,
      length: node.getEnd() - start,
      messageText: format(m, ...args),
      category: m.category === 'error' ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
      code: m.code,
      source: 'greenlet-ts',
    });
  }
}
