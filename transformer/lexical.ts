/**
 * An arrow function's `this`, `arguments`, `super` and `new.target` are those of the code around
 * it, but its twin is a generator function, which has its own. The twin gets them as captured
 * values instead — only those it uses:
 *   ((_this, _arguments) => function* (x) { ... _this ... })(this, arguments)
 * Nested arrows share them; nested non-arrow functions and classes have their own and are left alone.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import type { Rewriter } from './visit';

export function captureLexical(rw: Rewriter, gen: TS.FunctionExpression, arrow: TS.ArrowFunction): TS.Expression {
  const f = rw.f;
  let thisName: TS.Identifier | undefined;
  let argumentsName: TS.Identifier | undefined;
  let newTargetName: TS.Identifier | undefined;
  let superName: TS.Identifier | undefined;
  const superGet = (key: TS.Expression) => f.createCallExpression((superName ??= f.createUniqueName('_superGet')), undefined, [key]);

  const visit = (node: TS.Node): TS.VisitResult<TS.Node | undefined> => {
    switch (node.kind) {
      case ts.SyntaxKind.ThisKeyword:
        return (thisName ??= f.createUniqueName('_this'));
      case ts.SyntaxKind.Identifier:
        if ((node as TS.Identifier).text === 'arguments') return (argumentsName ??= f.createUniqueName('_arguments'));
        return node;
      case ts.SyntaxKind.MetaProperty:
        if ((node as TS.MetaProperty).keywordToken === ts.SyntaxKind.NewKeyword) return (newTargetName ??= f.createUniqueName('_newTarget'));
        return node;
      case ts.SyntaxKind.PropertyAccessExpression: {
        const p = node as TS.PropertyAccessExpression;
        if (p.expression.kind === ts.SyntaxKind.SuperKeyword) return superGet(f.createStringLiteral(p.name.text));
        return f.updatePropertyAccessExpression(p, ts.visitNode(p.expression, visit, ts.isExpression)!, p.name);
      }
      case ts.SyntaxKind.BinaryExpression:
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
      case ts.SyntaxKind.DeleteExpression: {
        // `super.x = v`, `super.x++`, `delete super.x`: only reads of super can be captured.
        const target = ts.isBinaryExpression(node) ? (isAssignment(node.operatorToken.kind) ? node.left : undefined) : ts.isDeleteExpression(node) ? node.expression : ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node) ? (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken ? node.operand : undefined) : undefined;
        if (target !== undefined && (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) && target.expression.kind === ts.SyntaxKind.SuperKeyword) {
          rw.reporter.report(ts.getOriginalNode(target).pos >= 0 ? ts.getOriginalNode(target) : arrow, 'superWriteInArrow');
          return node;
        }
        break;
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const e = node as TS.ElementAccessExpression;
        if (e.expression.kind === ts.SyntaxKind.SuperKeyword) return superGet(ts.visitNode(e.argumentExpression, visit, ts.isExpression)!);
        break;
      }
      case ts.SyntaxKind.PropertyAssignment: {
        const p = node as TS.PropertyAssignment;
        const name = ts.isComputedPropertyName(p.name) ? ts.visitNode(p.name, visit, ts.isPropertyName)! : p.name;
        return f.updatePropertyAssignment(p, name, ts.visitNode(p.initializer, visit, ts.isExpression)!);
      }
      case ts.SyntaxKind.ShorthandPropertyAssignment: {
        const s = node as TS.ShorthandPropertyAssignment;
        if (s.name.text !== 'arguments') break;
        return f.createPropertyAssignment('arguments', (argumentsName ??= f.createUniqueName('_arguments')));
      }
      case ts.SyntaxKind.BindingElement: {
        const b = node as TS.BindingElement;
        const propertyName = b.propertyName !== undefined && ts.isComputedPropertyName(b.propertyName) ? ts.visitNode(b.propertyName, visit, ts.isPropertyName) : b.propertyName;
        return f.updateBindingElement(b, b.dotDotDotToken, propertyName, ts.visitNode(b.name, visit, ts.isBindingName)!, ts.visitNode(b.initializer, visit, ts.isExpression));
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
      case ts.SyntaxKind.LabeledStatement:
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement:
        if (node.kind === ts.SyntaxKind.LabeledStatement) {
          const l = node as TS.LabeledStatement;
          return f.updateLabeledStatement(l, l.label, ts.visitNode(l.statement, visit, ts.isStatement)!);
        }
        return node; // own this/arguments (or a label, not a variable)
    }
    return ts.visitEachChild(node, visit, rw.context);
  };

  const params = gen.parameters.map((p) => ts.visitNode(p, visit, ts.isParameter)!);
  const body = ts.visitNode(gen.body, visit, ts.isBlock)!;
  if (!thisName && !argumentsName && !newTargetName && !superName) return gen;
  const twin = f.updateFunctionExpression(gen, gen.modifiers, gen.asteriskToken, gen.name, gen.typeParameters, params, gen.type, body);
  const names: TS.Identifier[] = [];
  const values: TS.Expression[] = [];
  const capture = (name: TS.Identifier | undefined, value: () => TS.Expression) => {
    if (name === undefined) return;
    names.push(name);
    values.push(value());
  };
  capture(thisName, () => f.createThis());
  capture(argumentsName, () => f.createIdentifier('arguments'));
  capture(newTargetName, () => f.createMetaProperty(ts.SyntaxKind.NewKeyword, f.createIdentifier('target')));
  capture(superName, () => {
    const k = f.createUniqueName('_key');
    return f.createArrowFunction(undefined, undefined, [f.createParameterDeclaration(undefined, undefined, k)], undefined, f.createToken(ts.SyntaxKind.EqualsGreaterThanToken), f.createElementAccessExpression(f.createSuper(), k));
  });
  const outer = f.createArrowFunction(
    undefined,
    undefined,
    names.map((n) => f.createParameterDeclaration(undefined, undefined, n)),
    undefined,
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    twin,
  );
  return ts.setTextRange(f.createCallExpression(f.createParenthesizedExpression(outer), undefined, values), arrow);
}

function isAssignment(kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
