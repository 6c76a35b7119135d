/**
 * An arrow's `this`, `arguments`, `super` and `new.target` are those of the code around it, but
 * its twin is a generator function, which has its own. The twin gets them as captured values
 * instead — only those it uses (the TypeScript transformer's shape):
 *   ((_this, _arguments) => function* (x) { ... _this ... })(this, arguments)
 * Nested arrows share them; nested non-arrow functions and classes have their own.
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';
import { errorAt } from './report';

export function captureLexical(emit: Emit, gen: NodePath<T.FunctionExpression>): void {
  const t = emit.t;
  const scope = gen.scope.parent ?? gen.scope;
  let thisName: T.Identifier | undefined;
  let argumentsName: T.Identifier | undefined;
  let newTargetName: T.Identifier | undefined;
  let superName: T.Identifier | undefined;
  const name = (id: T.Identifier | undefined, base: string) => id ?? scope.generateUidIdentifier(base);
  gen.traverse({
    Function(p) {
      if (!p.isArrowFunctionExpression()) p.skip();
    },
    Class: (p) => p.skip(),
    ThisExpression(p) {
      thisName = name(thisName, 'this');
      p.replaceWith(t.cloneNode(thisName));
    },
    Identifier(p) {
      if (p.node.name !== 'arguments' || !p.isReferencedIdentifier()) return;
      argumentsName = name(argumentsName, 'arguments');
      p.replaceWith(t.cloneNode(argumentsName));
    },
    MetaProperty(p) {
      if (p.node.meta.name !== 'new') return;
      newTargetName = name(newTargetName, 'newTarget');
      p.replaceWith(t.cloneNode(newTargetName));
    },
    MemberExpression(p) {
      const node = p.node;
      if (node.object.type !== 'Super') return;
      // `super.x = v`, `super.x++`, `delete super.x`: only reads of super can be captured.
      const parent = p.parent;
      if (
        (parent.type === 'AssignmentExpression' && parent.left === node) ||
        parent.type === 'UpdateExpression' ||
        (parent.type === 'UnaryExpression' && parent.operator === 'delete')
      ) {
        throw errorAt(p, 'superWriteInArrow');
      }
      superName = name(superName, 'superGet');
      const key = node.computed ? (node.property as T.Expression) : t.stringLiteral((node.property as T.Identifier).name);
      p.replaceWith(t.callExpression(t.cloneNode(superName), [key]));
    },
  });
  if (!thisName && !argumentsName && !newTargetName && !superName) return;
  const names: T.Identifier[] = [];
  const values: T.Expression[] = [];
  const capture = (id: T.Identifier | undefined, value: () => T.Expression) => {
    if (!id) return;
    names.push(t.cloneNode(id));
    values.push(value());
  };
  capture(thisName, () => t.thisExpression());
  capture(argumentsName, () => t.identifier('arguments'));
  capture(newTargetName, () => t.metaProperty(t.identifier('new'), t.identifier('target')));
  capture(superName, () => {
    const k = scope.generateUidIdentifier('key');
    return t.arrowFunctionExpression([k], t.memberExpression(t.super(), t.cloneNode(k), true));
  });
  gen.replaceWith(t.callExpression(t.arrowFunctionExpression(names, gen.node), values));
}
