/** Compile errors for `@greenlet` where it cannot mark anything (issue: "clear errors for bad input"). */
import type * as TS from 'typescript';
import { ts } from './ts';
import { describeHost, hasOwnTag } from './marks';
import type { Reporter } from './diagnostics';
import { markingError } from './shared';

export function checkTags(sf: TS.SourceFile, reporter: Reporter): void {
  const walk = (node: TS.Node): void => {
    if (hasOwnTag(node)) {
      const thing = describeHost(node);
      const error = thing && markingError(thing);
      if (error !== undefined) {
        const what = thing!.kind === 'other' ? thing!.what : '';
        reporter.report(reportAt(node), error, what);
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
}

/** The name of a declaration reads better in an error than its whole text. */
function reportAt(node: TS.Node): TS.Node {
  const name = (node as { name?: TS.Node }).name;
  if (name !== undefined) return name;
  if (ts.isVariableStatement(node)) return node.declarationList.declarations[0]?.name ?? node;
  if (ts.isConstructorDeclaration(node)) return node.getFirstToken() ?? node;
  return node;
}
