/** The few node shapes every twin is built from: protocol calls and temporaries. */
import type { NodePath, types as T } from '@babel/core';
import {
  CALL0_HELPER,
  CALL1_HELPER,
  CALL_HELPER,
  RESULT_TEMP,
  SUSPENDED_MARK,
  type IterationHelper,
  type ProtocolHelper,
} from '../transformer/shared';

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
  /**
   * The one emission of a suspension point in this build path: `call` (a protocol call, or a
   * choice between two) becomes `((_r = call) === __greenlet.CALL ? (yield _r) : _r)`. The call
   * runs at once; the twin yields only when it suspended (runtime/protocol.ts).
   */
  suspension(path: NodePath, call: T.Expression): T.Expression;
  /** `suspension` of `call(fn, thisArg, args)`. */
  suspensionCall(path: NodePath, fn: T.Expression, thisArg: T.Expression, args: T.Expression): T.Expression;
  /** A fresh `var` of the twin around `path`. */
  temp(path: NodePath, name: string): T.Identifier;
  /**
   * The one temporary of a twin holding a method call's receiver: `call((_recv = o).m, _recv, [args])`.
   * Sharing it is safe: it is read right after it is written, before any argument is evaluated.
   */
  receiver(path: NodePath): T.Identifier;
  /**
   * The one temporary of a twin holding a suspension point's result (see suspension). Sharing
   * it is safe: it is read right after it is written (a nested call's write is over by then).
   */
  result(path: NodePath): T.Identifier;
}

export function makeEmit(t: typeof T, helper: string): Emit {
  const receivers = new WeakMap<T.Node, T.Identifier>();
  const results = new WeakMap<T.Node, T.Identifier>();
  /** The temporary `name` of the function around `path`, made at its first use. */
  const shared = (temps: WeakMap<T.Node, T.Identifier>, path: NodePath, name: string): T.Identifier => {
    const fn = path.scope.getFunctionParent() ?? path.scope.getProgramParent();
    let id = temps.get(fn.block);
    if (!id) {
      id = emit.temp(path, name);
      temps.set(fn.block, id);
    }
    return t.cloneNode(id);
  };
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
    suspension(path, call) {
      const r = emit.result(path);
      const made = t.binaryExpression('===', t.assignmentExpression('=', r, call), t.memberExpression(t.identifier(helper), t.identifier(SUSPENDED_MARK)));
      return t.conditionalExpression(made, t.yieldExpression(t.cloneNode(r)), t.cloneNode(r));
    },
    suspensionCall(path, fn, thisArg, args) {
      return emit.suspension(path, emit.call(fn, thisArg, args));
    },
    temp(path, name) {
      const scope = path.scope.getFunctionParent() ?? path.scope.getProgramParent();
      const id = scope.generateUidIdentifier(name);
      scope.push({ id });
      return t.cloneNode(id);
    },
    receiver(path) {
      return shared(receivers, path, 'recv');
    },
    result(path) {
      return shared(results, path, RESULT_TEMP.slice(1));
    },
  };
  return emit;
}
