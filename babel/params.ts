/**
 * Parameters of a twin (the TypeScript transformer's rules). A generator cannot `yield` in its
 * parameter list, so from the first parameter whose default (or destructuring) holds a
 * suspension point on, parameters become plain names bound at the top of the body, in order:
 * a default applies when the argument is `undefined`, defaults run left to right, and with
 * `let` a default reading a later parameter still throws (TDZ).
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';

export function moveSuspendingParams(emit: Emit, twin: NodePath<T.Function>): void {
  const t = emit.t;
  const params = twin.get('params') as NodePath[];
  const first = params.findIndex(containsYield);
  if (first < 0) return;
  const body = twin.get('body') as NodePath<T.BlockStatement>;
  const redeclared = varNames(t, body);
  const moved: T.FunctionExpression['params'] = [];
  const prologue: T.Statement[] = [];
  for (const p of twin.node.params.slice(first)) {
    const arg = twin.scope.generateUidIdentifier('arg');
    let pattern: T.Node = p;
    let rest = false;
    if (pattern.type === 'RestElement') {
      rest = true;
      pattern = pattern.argument;
    }
    let value: T.Expression = t.cloneNode(arg);
    if (pattern.type === 'AssignmentPattern') {
      value = t.conditionalExpression(
        t.binaryExpression('===', t.cloneNode(arg), t.unaryExpression('void', t.numericLiteral(0))),
        pattern.right,
        t.cloneNode(arg),
      );
      pattern = pattern.left;
    }
    if (pattern.type === 'Identifier') {
      pattern.optional = false;
      pattern.typeAnnotation = null;
    }
    moved.push(rest ? t.restElement(arg) : arg);
    // `var` when the body redeclares the name with `var` or a function, which `let` would forbid.
    const useVar = Object.keys(t.getBindingIdentifiers(pattern as T.LVal)).some((n) => redeclared.has(n));
    prologue.push(t.variableDeclaration(useVar ? 'var' : 'let', [t.variableDeclarator(pattern as T.LVal, value)]));
  }
  twin.node.params = [...twin.node.params.slice(0, first), ...moved];
  body.unshiftContainer('body', prologue);
}

function containsYield(path: NodePath): boolean {
  let found = false;
  path.traverse({
    Function: (p) => p.skip(),
    Class: (p) => p.skip(),
    YieldExpression(p) {
      found = true;
      p.stop();
    },
  });
  return found;
}

/** Names the body declares with `var` (outside nested functions) or as top-level functions. */
function varNames(t: typeof T, body: NodePath<T.BlockStatement>): Set<string> {
  const names = new Set<string>();
  for (const s of body.node.body) if (s.type === 'FunctionDeclaration' && s.id) names.add(s.id.name);
  body.traverse({
    Function: (p) => p.skip(),
    Class: (p) => p.skip(),
    VariableDeclaration(p) {
      if (p.node.kind !== 'var') return;
      for (const d of p.node.declarations) for (const n of Object.keys(t.getBindingIdentifiers(d.id))) names.add(n);
    },
  });
  return names;
}
