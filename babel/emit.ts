/** The few node shapes every twin is built from: protocol calls and temporaries. */
import type { NodePath, types as T } from '@babel/core';
import { CALL0_HELPER, CALL1_HELPER, CALL_HELPER, type IterationHelper, type ProtocolHelper } from '../transformer/shared';

export interface Emit {
  readonly t: typeof T;
  /** The local name of the protocol module (`greenlet-ts/protocol`) in this file. */
  readonly helper: string;
  /** `__greenlet.name(...args)` */
  protocolCall(name: ProtocolHelper | IterationHelper, args: T.Expression[]): T.CallExpression;
  /**
   * `__greenlet.call(fn, thisArg, args)`; for a literal list of no or one (unspread) argument
   * `call0(fn, thisArg)` / `call1(fn, thisArg, arg)`, which evaluate the same expressions in the
   * same order and allocate no array.
   */
  call(fn: T.Expression, thisArg: T.Expression, args: T.Expression): T.CallExpression;
  /** `yield` of that (the generator adds parentheses where needed). */
  yieldCall(fn: T.Expression, thisArg: T.Expression, args: T.Expression): T.YieldExpression;
  /** A fresh `var` of the twin around `path`. */
  temp(path: NodePath, name: string): T.Identifier;
  /**
   * The one temporary of a twin holding a method call's receiver: `call((_recv = o).m, _recv, [args])`.
   * Sharing it is safe: it is read right after it is written, before any argument is evaluated.
   */
  receiver(path: NodePath): T.Identifier;
}

export function makeEmit(t: typeof T, helper: string): Emit {
  const receivers = new WeakMap<T.Node, T.Identifier>();
  const emit: Emit = {
    t,
    helper,
    protocolCall(name, args) {
      return t.callExpression(t.memberExpression(t.identifier(helper), t.identifier(name)), args);
    },
    call(fn, thisArg, args) {
      if (t.isArrayExpression(args) && args.elements.length <= 1) {
        const [arg] = args.elements;
        if (arg === undefined) return emit.protocolCall(CALL0_HELPER, [fn, thisArg]);
        if (arg !== null && t.isExpression(arg)) return emit.protocolCall(CALL1_HELPER, [fn, thisArg, arg]);
      }
      return emit.protocolCall(CALL_HELPER, [fn, thisArg, args]);
    },
    yieldCall(fn, thisArg, args) {
      return t.yieldExpression(emit.call(fn, thisArg, args));
    },
    temp(path, name) {
      const scope = path.scope.getFunctionParent() ?? path.scope.getProgramParent();
      const id = scope.generateUidIdentifier(name);
      scope.push({ id });
      return t.cloneNode(id);
    },
    receiver(path) {
      const fn = path.scope.getFunctionParent() ?? path.scope.getProgramParent();
      let id = receivers.get(fn.block);
      if (!id) {
        id = emit.temp(path, 'recv');
        receivers.set(fn.block, id);
      }
      return t.cloneNode(id);
    },
  };
  return emit;
}
