/** The few node shapes every twin is built from: protocol calls and temporaries. */
import type { NodePath, types as T } from '@babel/core';

export interface Emit {
  readonly t: typeof T;
  /** The local name of the protocol module (`greenlet-ts/protocol`) in this file. */
  readonly helper: string;
  /** `__greenlet.name(...args)` */
  protocolCall(name: string, args: T.Expression[]): T.CallExpression;
  /** `(yield __greenlet.call(fn, thisArg, [args]))` */
  yieldCall(fn: T.Expression, thisArg: T.Expression, args: T.CallExpression['arguments']): T.YieldExpression;
  /** A key for a method twin's short stay on its object, unique in the file. */
  twinKey(): T.StringLiteral;
  /** A fresh `var` of the function around `path`. */
  temp(path: NodePath, name: string): T.Identifier;
}

export function makeEmit(t: typeof T, helper: string): Emit {
  let keys = 0;
  const emit: Emit = {
    helper,
    twinKey: () => t.stringLiteral(`__greenletTwin${keys++}`),
    t,
    protocolCall(name, args) {
      return t.callExpression(t.memberExpression(t.identifier(helper), t.identifier(name)), args);
    },
    yieldCall(fn, thisArg, args) {
      return t.yieldExpression(emit.protocolCall('call', [fn, thisArg, t.arrayExpression(args as T.Expression[])]));
    },
    temp(path, name) {
      const scope = path.scope.getFunctionParent() ?? path.scope.getProgramParent();
      const id = scope.generateUidIdentifier(name);
      scope.push({ id });
      return t.cloneNode(id);
    },
  };
  return emit;
}
