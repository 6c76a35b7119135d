/**
 * A `for-of` in a twin whose iterator's `next` may suspend becomes explicit calls, in the shape
 * transformer/for-of.ts documents (ECMAScript's ForIn/OfBodyEvaluation and IteratorClose written
 * out). The `next` and `return` calls are ordinary `fn.call(_it)` calls of the tree: the rewrite
 * of suspension points that runs next (calls.ts) turns them into suspension points as it does
 * every call whose callee is only known at run time.
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';
import { iterationVerdict } from './classify';
import { CLOSED_HELPER, ITERATE_HELPER, STEP_DONE_HELPER } from '../transformer/shared';

/** Lowers every for-of directly inside `twin` (not in nested functions) whose iteration may suspend. */
export function lowerForOfs(emit: Emit, twin: NodePath<T.Function>): void {
  twin.traverse({
    Function: (p) => p.skip(),
    Class: (p) => p.skip(),
    ForOfStatement: {
      exit(path) {
        if (iterationVerdict(path) !== 'plain') lower(emit, path);
      },
    },
  });
}

function lower(emit: Emit, path: NodePath<T.ForOfStatement>): void {
  const t = emit.t;
  const scope = path.scope;
  const uid = (name: string) => scope.generateUidIdentifier(name);
  const [it, next, open, step, value, error] = ['it', 'next', 'open', 'step', 'value', 'error'].map(uid) as [T.Identifier, T.Identifier, T.Identifier, T.Identifier, T.Identifier, T.Identifier];
  const id = (x: T.Identifier) => t.cloneNode(x);
  const constant = (name: T.Identifier, init: T.Expression) => t.variableDeclaration('const', [t.variableDeclarator(id(name), init)]);
  const set = (to: boolean) => t.expressionStatement(t.assignmentExpression('=', id(open), t.booleanLiteral(to)));
  const callOn = (fn: T.Identifier) => t.callExpression(t.memberExpression(id(fn), t.identifier('call')), [id(it)]);
  const close = (checked: boolean): T.Statement[] => {
    const ret = uid('ret');
    const call = callOn(ret);
    return [
      constant(ret, t.memberExpression(id(it), t.identifier('return'))),
      t.ifStatement(t.binaryExpression('!=', id(ret), t.nullLiteral()), t.expressionStatement(checked ? emit.protocolCall(CLOSED_HELPER, [call]) : call)),
    ];
  };

  const { left, right, body } = path.node;
  const bind: T.Statement =
    left.type === 'VariableDeclaration'
      ? t.variableDeclaration(left.kind, [t.variableDeclarator(left.declarations[0]!.id, id(value))])
      : t.expressionStatement(t.assignmentExpression('=', left as T.LVal, id(value)));

  // Labels of the loop move onto the new inner loop, so `continue label` still names a loop.
  let outer: NodePath = path;
  const labels: T.Identifier[] = [];
  while (outer.parentPath?.isLabeledStatement()) {
    outer = outer.parentPath;
    labels.unshift((outer.node as T.LabeledStatement).label);
  }
  let loop: T.Statement = t.forStatement(
    null,
    null,
    null,
    t.blockStatement([
      set(false),
      constant(step, callOn(next)),
      t.ifStatement(emit.protocolCall(STEP_DONE_HELPER, [id(step)]), t.breakStatement()),
      constant(value, t.memberExpression(id(step), t.identifier('value'))),
      set(true),
      t.blockStatement([bind, body]),
    ]),
  );
  for (let i = labels.length - 1; i >= 0; i--) loop = t.labeledStatement(labels[i]!, loop);

  const lowered = t.blockStatement([
    constant(it, emit.protocolCall(ITERATE_HELPER, [right])),
    constant(next, t.memberExpression(id(it), t.identifier('next'))),
    t.variableDeclaration('let', [t.variableDeclarator(id(open), t.booleanLiteral(false))]),
    t.tryStatement(
      t.blockStatement([loop]),
      t.catchClause(
        id(error),
        t.blockStatement([
          t.ifStatement(id(open), t.blockStatement([set(false), t.tryStatement(t.blockStatement(close(false)), t.catchClause(null, t.blockStatement([])))])),
          t.throwStatement(id(error)),
        ]),
      ),
      t.blockStatement([t.ifStatement(id(open), t.blockStatement(close(true)))]),
    ),
  ]);
  lowered.loc = path.node.loc;
  outer.replaceWith(lowered);
}
