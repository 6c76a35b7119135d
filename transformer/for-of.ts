/**
 * A `for-of` in a twin whose iterator's `next` (or `return`) may suspend becomes explicit calls
 * (ECMAScript's ForIn/OfBodyEvaluation and IteratorClose, written out):
 *
 *     {
 *       const _it = __greenlet.iterate(EXPR);      // GetIterator: EXPR[Symbol.iterator](), an object
 *       const _next = _it.next;                    // read once, as the loop does
 *       let _open = false;                         // a value was taken: an early exit closes
 *       try {
 *         LABELS: for (;;) {
 *           _open = false;
 *           const _step = _next.call(_it);         // a suspension point, by the rule for calls
 *           if (__greenlet.stepDone(_step)) break; // a non-object result is a TypeError
 *           const _value = _step.value;
 *           _open = true;
 *           { DECLARATION = _value; BODY }         // `let`/`const`: a binding per iteration
 *         }
 *       } catch (_error) {                         // a throw: return() is called, its own
 *         if (_open) { _open = false; try { const _ret = _it.return; if (_ret != null) _ret.call(_it); } catch {} }
 *         throw _error;                            // error and result ignored
 *       } finally {                                // break, return, continue of an outer loop:
 *         if (_open) { const _ret = _it.return; if (_ret != null) __greenlet.closed(_ret.call(_it)); }
 *       }
 *     }
 *
 * The `next` and `return` calls are ordinary calls of the tree, registered with the verdicts
 * the classifier gave the loop's implicit calls; the rewriter then emits them as it emits every
 * suspension point. What differs from a plain for-of: EXPR is evaluated outside the loop's own
 * scope, so `for (const x of x)` reads an outer `x` instead of throwing a ReferenceError.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { Verdict, type IterationInfo } from './classify';
import type { Rewriter } from './visit';
import { CLOSED_HELPER, ITERATE_HELPER, STEP_DONE_HELPER } from './shared';

export function lowerForOf(rw: Rewriter, node: TS.ForOfStatement, labels: readonly TS.Identifier[], info: IterationInfo): TS.Statement {
  const f = rw.f;
  const it = f.createUniqueName('_it');
  const next = f.createUniqueName('_next');
  const open = f.createUniqueName('_open');
  const step = f.createUniqueName('_step');
  const value = f.createUniqueName('_value');
  const error = f.createUniqueName('_error');
  const constant = (name: TS.Identifier, init: TS.Expression) =>
    f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, init)], ts.NodeFlags.Const));
  const set = (to: boolean) => f.createExpressionStatement(f.createAssignment(open, to ? f.createTrue() : f.createFalse()));

  // `fn.call(_it)`, registered as the call it stands for: `via: 'call'` suspends on `fn` itself.
  const callOn = (fn: TS.Identifier, verdict: Verdict): TS.CallExpression => {
    const call = ts.setTextRange(f.createCallExpression(f.createPropertyAccessExpression(fn, 'call'), undefined, [it]), node.expression);
    rw.classifier.assume(call, verdict === Verdict.Plain ? { verdict } : { verdict, via: 'call' });
    return call;
  };
  // The protocol's checks: plain calls (the rewriter sees new nodes, which the checker does not know).
  const check = (helper: typeof ITERATE_HELPER | typeof STEP_DONE_HELPER | typeof CLOSED_HELPER, arg: TS.Expression): TS.CallExpression => {
    const call = f.createCallExpression(rw.helper(helper), undefined, [arg]);
    rw.classifier.assume(call, { verdict: Verdict.Plain });
    return call;
  };
  const close = (checked: boolean): TS.Statement[] => {
    const ret = f.createUniqueName('_ret');
    const call = callOn(ret, info.return);
    return [
      constant(ret, f.createPropertyAccessExpression(it, 'return')),
      f.createIfStatement(
        f.createBinaryExpression(ret, ts.SyntaxKind.ExclamationEqualsToken, f.createNull()),
        f.createExpressionStatement(checked ? check(CLOSED_HELPER, call) : call),
      ),
    ];
  };

  const binding = node.initializer;
  const bind = ts.isVariableDeclarationList(binding)
    ? f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList(
          [f.createVariableDeclaration(binding.declarations[0]!.name, undefined, undefined, value)],
          binding.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing),
        ),
      )
    : f.createExpressionStatement(f.createAssignment(binding as TS.Expression as TS.AssignmentPattern, value));
  ts.setTextRange(bind, binding);

  let loop: TS.Statement = ts.setTextRange(
    f.createForStatement(
      undefined,
      undefined,
      undefined,
      f.createBlock(
        [
          set(false),
          constant(step, callOn(next, info.next)),
          f.createIfStatement(check(STEP_DONE_HELPER, step), f.createBreakStatement()),
          constant(value, f.createPropertyAccessExpression(step, 'value')),
          set(true),
          f.createBlock([bind, node.statement], true),
        ],
        true,
      ),
    ),
    node,
  );
  for (let i = labels.length - 1; i >= 0; i--) loop = f.createLabeledStatement(labels[i]!, loop);

  const lowered = f.createBlock(
    [
      constant(it, check(ITERATE_HELPER, node.expression)),
      constant(next, f.createPropertyAccessExpression(it, 'next')),
      f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(open, undefined, undefined, f.createFalse())], ts.NodeFlags.Let)),
      f.createTryStatement(
        f.createBlock([loop], true),
        f.createCatchClause(
          error,
          f.createBlock(
            [
              f.createIfStatement(open, f.createBlock([set(false), f.createTryStatement(f.createBlock(close(false), true), f.createCatchClause(undefined, f.createBlock([])), undefined)], true)),
              f.createThrowStatement(error),
            ],
            true,
          ),
        ),
        f.createBlock([f.createIfStatement(open, f.createBlock(close(true), true))], true),
      ),
    ],
    true,
  );
  ts.setTextRange(lowered, node);
  // Visited as a whole: EXPR, the binding pattern and the body as any code of the twin, and the
  // `next`/`return` calls above as the suspension points they were registered as.
  return ts.visitNode(lowered, rw.visit, ts.isStatement) as TS.Statement;
}
