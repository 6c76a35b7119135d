/**
 * Reporting, once per place (twins visit some code twice). Errors go through ts-patch's
 * `addDiagnostic`, so tspc fails. Warnings are printed in tsc's format by default: tsc exits
 * non-zero on any diagnostic it is handed, and a warning must not stop `tspc && node app.js`.
 * The plugin option `"warnings": "diagnostics"` hands them to tsc as well (a strict build).
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { format, messages, type MessageKey } from './shared';

export type AddDiagnostic = (d: TS.Diagnostic) => unknown;

/** How warnings leave the transformer: printed to stderr, handed to tsc, or dropped. */
export type WarningMode = 'print' | 'diagnostics' | 'off';

export class Reporter {
  private readonly seen = new Set<string>();

  constructor(
    private readonly add: AddDiagnostic,
    private readonly warnings: WarningMode = 'print',
  ) {}

  report(node: TS.Node, key: MessageKey, ...args: string[]): void {
    const sf = node.getSourceFile();
    const m = messages[key];
    const start = node.getStart(sf);
    const id = `${sf.fileName}:${start}:${m.code}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const diagnostic: TS.Diagnostic = {
      file: sf,
      start,
      length: node.getEnd() - start,
      messageText: format(m, ...args),
      category: m.category === 'error' ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
      code: m.code,
      source: 'greenlet-ts',
    };
    if (m.category === 'error' || this.warnings === 'diagnostics') this.add(diagnostic);
    else if (this.warnings === 'print') process.stderr.write(ts.formatDiagnostics([diagnostic], formatHost));
  }
}

const formatHost: TS.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
  getNewLine: () => ts.sys.newLine,
};
