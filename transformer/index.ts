/**
 * greenlet-ts/transformer: a ts-patch "program" transformer.
 *
 *   { "compilerOptions": { "plugins": [{ "transform": "greenlet-ts/transformer" }] } }
 *
 * Every function marked `@greenlet` keeps its plain body and gets a generator twin for the cps
 * backend; inside twins, suspension points become `yield`s of calls (see runtime/protocol.ts).
 */
import type * as TS from 'typescript';
import { ts, useTypeScript } from './ts';
import { Classifier } from './classify';
import { Reporter, type AddDiagnostic, type WarningMode } from './diagnostics';
import { checkTags } from './check';
import { Rewriter } from './visit';
import { freshName, mayContainGreenletTag, NAMESPACE_NAME, PROTOCOL_MODULE, SITE_CONSTANTS, siteConstant, type SiteConstant } from './shared';

export interface TransformerExtras {
  ts?: typeof TS;
  addDiagnostic?: AddDiagnostic;
}

/** Options of the plugins entry in tsconfig.json. */
export interface GreenletPluginConfig {
  /** Where compile-time warnings go: 'print' (stderr, the default), 'diagnostics' (tsc fails on them), 'off'. */
  warnings?: WarningMode;
}

export default function greenletTransformer(program: TS.Program, config?: GreenletPluginConfig, extras?: TransformerExtras): TS.TransformerFactory<TS.SourceFile> {
  // The compiler that runs us (ts-patch passes it); a plain require only for direct API use.
  useTypeScript(extras?.ts ?? (require('typescript') as typeof TS));
  const checker = program.getTypeChecker();
  const classifier = new Classifier(program, checker);
  const warnings = config?.warnings ?? 'print';
  if (!['print', 'diagnostics', 'off'].includes(warnings)) {
    throw new Error(`greenlet-ts/transformer: "warnings" must be "print", "diagnostics" or "off", not ${JSON.stringify(warnings)}`);
  }
  const reporter = new Reporter(extras?.addDiagnostic ?? (() => undefined), warnings);
  return (context) => (sf) => {
    if (sf.isDeclarationFile || !mayContainGreenletTag(sf.text)) return sf; // no marks: nothing to do
    useTypeScript(extras?.ts ?? ts);
    checkTags(sf, reporter);
    const namespace = freshName(sf.text, NAMESPACE_NAME);
    const rw = new Rewriter(context, sf, classifier, checker, reporter, namespace);
    const statements = rw.statements(sf.statements);
    if (!rw.usedProtocol) return sf;
    return context.factory.updateSourceFile(sf, withProtocolImport(context.factory, sf, statements, namespace));
  };
}

/**
 * `import * as __greenlet from "greenlet-ts/protocol"` first (after "use strict"), `require` in
 * a script; then the constants its sites read (SITE_CONSTANTS), before any twin can run.
 */
function withProtocolImport(f: TS.NodeFactory, sf: TS.SourceFile, statements: TS.Statement[], namespace: string): TS.Statement[] {
  const spec = f.createStringLiteral(PROTOCOL_MODULE);
  const decl = ts.isExternalModule(sf)
    ? f.createImportDeclaration(undefined, f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(namespace))), spec)
    : f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(namespace, undefined, undefined, f.createCallExpression(f.createIdentifier('require'), undefined, [spec]))], ts.NodeFlags.Const));
  const constants = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(
      (Object.keys(SITE_CONSTANTS) as SiteConstant[]).map((key) =>
        f.createVariableDeclaration(siteConstant(namespace, key), undefined, undefined, f.createPropertyAccessExpression(f.createIdentifier(namespace), SITE_CONSTANTS[key])),
      ),
      ts.NodeFlags.Const,
    ),
  );
  let at = 0;
  while (at < statements.length && ts.isExpressionStatement(statements[at]!) && ts.isStringLiteral((statements[at] as TS.ExpressionStatement).expression)) at++;
  return [...statements.slice(0, at), decl, constants, ...statements.slice(at)];
}
