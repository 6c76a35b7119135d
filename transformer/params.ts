/**
 * Parameters of a twin. A generator cannot `yield` in its parameter list, so from the first
 * parameter whose default (or destructuring) holds a suspension point on, parameters become
 * plain names and are bound at the top of the body, in order, with the same rules: a default
 * applies when the argument is `undefined`, defaults run left to right, and with `let` a default
 * reading a later parameter still throws (TDZ).
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import type { FunctionNode } from './marks';
import type { Rewriter } from './visit';

export function twinParameters(rw: Rewriter, fn: FunctionNode): { params: TS.ParameterDeclaration[]; prologue: TS.Statement[] } {
  const f = rw.f;
  const params = fn.parameters;
  const first = params.findIndex((p) => rw.classifier.holdsSuspension(p));
  const plain = (p: TS.ParameterDeclaration) => rw.nestedFrame(() => ts.visitNode(p, rw.visit, ts.isParameter)!);
  if (first < 0) return { params: params.filter((p) => !isThisParameter(p)).map(plain), prologue: [] };
  const kept = params.slice(0, first).filter((p) => !isThisParameter(p)).map(plain);
  const redeclared = fn.body !== undefined && ts.isBlock(fn.body) ? varNames(fn.body) : new Set<string>();
  const moved: TS.ParameterDeclaration[] = [];
  const prologue: TS.Statement[] = [];
  for (const p of params.slice(first)) {
    const arg = f.createUniqueName('_arg'); // a parameter, not a temp of the body
    moved.push(ts.setTextRange(f.createParameterDeclaration(undefined, p.dotDotDotToken, arg), p));
    const value = p.initializer === undefined
      ? arg
      : f.createConditionalExpression(f.createStrictEquality(arg, f.createVoidZero()), undefined, rw.visitExpression(p.initializer), undefined, arg);
    const name = ts.visitNode(p.name, rw.visit, ts.isBindingName)!;
    // `var` when the body redeclares the name with `var` or a function, which `let` would forbid.
    const useVar = boundNames(p.name).some((n) => redeclared.has(n));
    const decl = f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, value)], useVar ? ts.NodeFlags.None : ts.NodeFlags.Let);
    prologue.push(ts.setTextRange(f.createVariableStatement(undefined, decl), p));
  }
  return { params: [...kept, ...moved], prologue };
}

function isThisParameter(p: TS.ParameterDeclaration): boolean {
  return ts.isIdentifier(p.name) && p.name.text === 'this';
}

function boundNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const e of name.elements) if (!ts.isOmittedExpression(e)) out.push(...boundNames(e.name));
  return out;
}

/** Names the body declares with `var` (anywhere outside nested functions) or as top-level functions. */
function varNames(body: TS.Block): Set<string> {
  const names = new Set<string>();
  for (const s of body.statements) if (ts.isFunctionDeclaration(s) && s.name) names.add(s.name.text);
  const walk = (n: TS.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.BlockScoped) === 0) {
      for (const d of n.declarations) boundNames(d.name).forEach((x) => names.add(x));
    }
    ts.forEachChild(n, walk);
  };
  body.statements.forEach(walk);
  return names;
}
