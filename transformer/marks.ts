/**
 * Finding `@greenlet` tags. Tags are read from the leading comments of nodes with
 * ts.getLeadingCommentRanges, never from `node.jsDoc`: since TypeScript 5.3, tsc may skip
 * parsing JSDoc in .ts files. The same reading works for declarations in .d.ts files, so
 * compiled libraries keep their marks.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { commentHasGreenletTag, what, type TaggedThing } from './shared';

const tagCache = new WeakMap<TS.Node, boolean>();

/** Whether the comments right before `node` carry `@greenlet`. */
export function hasOwnTag(node: TS.Node): boolean {
  let result = tagCache.get(node);
  if (result === undefined) {
    result = false;
    const sf = node.getSourceFile();
    if (sf !== undefined && node.pos >= 0) {
      const text = sf.text;
      // A comment on the same line as the previous token counts as that token's trailing
      // comment for TypeScript (`{ /** @greenlet */ m() {} }`), so both kinds are read.
      // Comments after modifiers count too: `export default /** @greenlet */ function () {}`.
      const positions = [node.pos, ...((ts.canHaveModifiers(node) && ts.getModifiers(node)) || []).map((m) => m.end)];
      const ranges = positions.flatMap((pos) => [...(ts.getTrailingCommentRanges(text, pos) ?? []), ...(ts.getLeadingCommentRanges(text, pos) ?? [])]);
      for (const r of ranges) {
        if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia && commentHasGreenletTag(text.slice(r.pos, r.end))) {
          result = true;
          break;
        }
      }
    }
    tagCache.set(node, result);
  }
  return result;
}

export type FunctionNode = TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction | TS.MethodDeclaration;

/** A function expression or arrow, seen through parentheses and type assertions. */
export function asFunctionExpression(e: TS.Expression | undefined): TS.FunctionExpression | TS.ArrowFunction | undefined {
  while (e !== undefined && (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e))) {
    e = e.expression;
  }
  return e !== undefined && (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) ? e : undefined;
}

/**
 * Whether a tag on this node or on what holds it marks it: a function's own comments; for a
 * function expression also those of the variable declaration, variable statement, property or
 * `export default` whose initializer it is (a tag on a variable statement marks its function).
 */
export function isTagged(node: TS.Node): boolean {
  if (hasOwnTag(node)) return true;
  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
    let child: TS.Node = node;
    let p = node.parent;
    while (p !== undefined && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p))) {
      if (hasOwnTag(p)) return true;
      child = p;
      p = p.parent;
    }
    if (p === undefined) return false;
    if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === child) {
      return isTaggedDeclaration(p);
    }
    if (ts.isExportAssignment(p)) return hasOwnTag(p);
    // `/** @greenlet */ exports.f = function () {}`: the tag is before the assignment's target.
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === child) return hasOwnTag(p);
    return false;
  }
  if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
    return isTaggedDeclaration(node);
  }
  return false;
}

function isTaggedDeclaration(d: TS.VariableDeclaration | TS.PropertyAssignment | TS.PropertyDeclaration): boolean {
  if (hasOwnTag(d)) return true;
  if (ts.isVariableDeclaration(d) && ts.isVariableDeclarationList(d.parent) && ts.isVariableStatement(d.parent.parent)) {
    return hasOwnTag(d.parent.parent);
  }
  return false;
}

const hasModifier = (n: TS.Node, kind: TS.SyntaxKind) =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === kind) ?? false);

/** Describes a function-like node for the marking rules. */
export function describeFunction(fn: TS.SignatureDeclaration): TaggedThing {
  if (ts.isConstructorDeclaration(fn)) return { kind: 'constructor' };
  if (ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) return { kind: 'accessor' };
  const body = (fn as TS.FunctionLikeDeclaration).body;
  if (body === undefined) return { kind: 'signature' };
  const generator = (fn as TS.FunctionLikeDeclaration).asteriskToken !== undefined;
  const async = hasModifier(fn, ts.SyntaxKind.AsyncKeyword);
  return { kind: ts.isMethodDeclaration(fn) ? 'method' : 'function', generator, async };
}

/** The tagged thing a host node describes (for diagnostics), or undefined when it is no tag host. */
export function describeHost(node: TS.Node): TaggedThing | undefined {
  if (ts.isFunctionLike(node)) return describeFunction(node);
  if (ts.isVariableStatement(node)) {
    // The statement's tag marks each declaration's initializer; one non-function is enough to complain.
    for (const d of node.declarationList.declarations) {
      const t = describeDeclaration(d);
      if (t.kind === 'other') return t;
    }
    const first = node.declarationList.declarations[0];
    return first ? describeDeclaration(first) : { kind: 'other', what: what.statement() };
  }
  if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) return describeDeclaration(node);
  if (ts.isPropertySignature(node)) return { kind: 'signature' };
  if (ts.isShorthandPropertyAssignment(node)) return { kind: 'other', what: what.shorthandProperty(node.name.text) };
  if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return { kind: 'other', what: what.class(node.name?.text) };
  if (ts.isInterfaceDeclaration(node)) return { kind: 'other', what: what.interface(node.name.text) };
  if (ts.isTypeAliasDeclaration(node)) return { kind: 'other', what: what.type(node.name.text) };
  if (ts.isEnumDeclaration(node)) return { kind: 'other', what: what.enum(node.name.text) };
  if (ts.isModuleDeclaration(node)) return { kind: 'other', what: what.namespace() };
  if (ts.isExportAssignment(node)) {
    const fn = asFunctionExpression(node.expression);
    return fn ? describeFunction(fn) : { kind: 'other', what: what.defaultExport() };
  }
  return undefined;
}

function describeDeclaration(d: TS.VariableDeclaration | TS.PropertyAssignment | TS.PropertyDeclaration): TaggedThing {
  const name = what.declaration(ts.isIdentifier(d.name) || ts.isPrivateIdentifier(d.name) || ts.isStringLiteral(d.name) ? d.name.text : undefined);
  const fn = asFunctionExpression(d.initializer);
  if (fn) return describeFunction(fn);
  if (d.initializer === undefined && !ts.isPropertyAssignment(d) && d.type !== undefined && isFunctionTypeNode(d.type)) {
    return { kind: 'signature' }; // `declare const f: (x: number) => void` in a .d.ts
  }
  return { kind: 'other', what: name };
}

function isFunctionTypeNode(t: TS.TypeNode): boolean {
  return ts.isFunctionTypeNode(t) || (ts.isParenthesizedTypeNode(t) && isFunctionTypeNode(t.type)) || ts.isTypeLiteralNode(t) || ts.isTypeReferenceNode(t);
}

/** A marked function that gets a twin: tagged, with a body, neither generator, async, constructor nor accessor. */
export function isMarkedFunction(fn: TS.Node): fn is FunctionNode {
  if (!(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) || ts.isMethodDeclaration(fn))) return false;
  if (fn.body === undefined) return false;
  if (fn.asteriskToken !== undefined || hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) return false;
  return isTagged(fn) || overloadIsTagged(fn);
}

/** A tag on an overload signature marks the implementation that follows it. */
function overloadIsTagged(fn: TS.FunctionLikeDeclaration): boolean {
  if (!(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) || fn.name === undefined) return false;
  const siblings: readonly TS.Node[] = ts.isFunctionDeclaration(fn)
    ? ((fn.parent as { statements?: readonly TS.Node[] }).statements ?? [])
    : ((fn.parent as TS.ClassLikeDeclaration | TS.ObjectLiteralExpression) as { members?: readonly TS.Node[]; properties?: readonly TS.Node[] }).members ??
      (fn.parent as TS.ObjectLiteralExpression).properties ?? [];
  const name = fn.name.getText();
  for (let i = siblings.indexOf(fn) - 1; i >= 0; i--) {
    const s = siblings[i] as TS.FunctionDeclaration | TS.MethodDeclaration;
    if (s.kind !== fn.kind || s.body !== undefined || s.name === undefined || s.name.getText() !== name) break;
    if (hasOwnTag(s)) return true;
  }
  return false;
}
