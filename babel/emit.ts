/** The few node shapes every twin is built from: protocol calls and temporaries. */
import type { NodePath, types as T } from '@babel/core';
import {
  CALL0_HELPER,
  CALL1_HELPER,
  CALL_HELPER,
  CALLABLE_HELPER,
  CALLEE_TEMP,
  RESULT_TEMP,
  siteConstant,
  SUSPEND_HELPER,
  type IterationHelper,
  type ProtocolHelper,
  type SiteConstant,
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
   * A suspension point made by `call`, a protocol call (or a choice between two) that returns
   * the value or CALL: `((_r = call) === __greenlet_call ? (yield _r) : _r)`.
   */
  suspension(path: NodePath, call: T.Expression): T.Expression;
  /**
   * The one emission of a suspension point calling `fn` with `thisArg` and `args` (an array
   * expression of the arguments, or for `f.apply(t, xs)` the expression of the array), in the
   * shape transformer/shared/names.ts CALL_HELPER shows: driven at the site; through `call`
   * when `this` or the arguments hold a suspension point (whose emission would overwrite the
   * site's temporaries between their write and read).
   */
  suspensionCall(path: NodePath, fn: T.Expression, thisArg: T.Expression, args: T.Expression): T.Expression;
  /** `__greenlet_twin`, …: the module's constant for a protocol value (plugin.ts declares them). */
  constant(key: SiteConstant): T.Identifier;
  /** Whether `node` is a call this emitter made (a site's own calls are not suspension points). */
  made(node: T.Node): boolean;
  /** A fresh `var` of the twin around `path`. */
  temp(path: NodePath, name: string): T.Identifier;
  /**
   * The one temporary of a twin holding a method call's receiver: `call((_recv = o).m, _recv, [args])`.
   * Sharing it is safe: it is read right after it is written, before any argument is evaluated.
   */
  receiver(path: NodePath): T.Identifier;
  /**
   * The temporaries of every suspension point of a twin: what its call gave (then its callee
   * generator's first step), its callee (then that generator). Shared, as few registers as
   * possible make a generator cheaper to create: safe because nothing written between a site's
   * write and read emits a site.
   */
  result(path: NodePath): T.Identifier;
  callee(path: NodePath): T.Identifier;
}

export function makeEmit(t: typeof T, helper: string): Emit {
  const receivers = new WeakMap<T.Node, T.Identifier>();
  const results = new WeakMap<T.Node, T.Identifier>();
  const callees = new WeakMap<T.Node, T.Identifier>();
  // The calls of emitted sites: the traversal that rewrites calls meets them again on its way out.
  const calls = new WeakSet<T.Node>();
  const own = <N extends T.Node>(node: N): N => (calls.add(node), node);
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
      return own(t.callExpression(t.memberExpression(t.identifier(helper), t.identifier(name)), args));
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
      const made = t.binaryExpression('===', t.assignmentExpression('=', r, call), emit.constant('call'));
      return t.conditionalExpression(made, t.yieldExpression(t.cloneNode(r)), t.cloneNode(r));
    },
    suspensionCall(path, fn, thisArg, args) {
      if (holdsYield(t, thisArg) || holdsYield(t, args)) return emit.suspension(path, emit.call(fn, thisArg, args));
      const r = emit.result(path);
      const f = emit.callee(path);
      const id = () => t.cloneNode(f);
      // `(_f = fn)?.[TWIN] ?? _f?.[TRANSFER] ?? callable(_f)`: what to call for `fn`.
      const pick = t.logicalExpression(
        '??',
        t.logicalExpression(
          '??',
          t.optionalMemberExpression(t.assignmentExpression('=', f, fn), emit.constant('twin'), true, true),
          t.optionalMemberExpression(id(), emit.constant('transfer'), true, true),
        ),
        emit.protocolCall(CALLABLE_HELPER, [id()]),
      );
      let call: T.CallExpression;
      if (!t.isArrayExpression(args)) call = t.callExpression(t.memberExpression(pick, t.identifier('apply')), [thisArg, args]);
      else if (t.isUnaryExpression(thisArg, { operator: 'void' })) call = t.callExpression(pick, args.elements as T.Expression[]); // `this` undefined
      else call = t.callExpression(t.memberExpression(pick, t.identifier('call')), [thisArg, ...(args.elements as T.Expression[])]);
      own(call);
      // Whether a twin was called: read again after the arguments, which cannot have written `_f`.
      const marked = t.binaryExpression('!==', t.memberExpression(id(), emit.constant('twin'), true), t.unaryExpression('void', t.numericLiteral(0)));
      // The generator moves to `_f` (the callee is no longer needed) and `_r` takes its first
      // step: two temporaries where three would make every twin's generator a register larger.
      // `=== true`: V8 does not know `done` is a boolean, and a bare test is a full truthiness test.
      const next = own(t.callExpression(t.memberExpression(t.cloneNode(r), t.identifier('next')), []));
      const done = t.memberExpression(t.assignmentExpression('=', t.cloneNode(r), next), t.identifier('done'));
      const step = t.sequenceExpression([t.assignmentExpression('=', id(), t.cloneNode(r)), t.binaryExpression('===', done, t.booleanLiteral(true))]);
      const whenTwin = t.conditionalExpression(
        step,
        t.memberExpression(t.cloneNode(r), t.identifier('value')),
        t.yieldExpression(emit.protocolCall(SUSPEND_HELPER, [id(), t.memberExpression(t.cloneNode(r), t.identifier('value'))])),
      );
      // A transfer (or, never, a plain function) gave CALL: suspend.
      const whenPlain = t.conditionalExpression(t.binaryExpression('===', t.cloneNode(r), emit.constant('call')), t.yieldExpression(t.cloneNode(r)), t.cloneNode(r));
      return t.conditionalExpression(t.sequenceExpression([t.assignmentExpression('=', t.cloneNode(r), call), marked]), whenTwin, whenPlain);
    },
    constant(key) {
      return t.identifier(siteConstant(helper, key));
    },
    made(node) {
      return calls.has(node);
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
    callee(path) {
      return shared(callees, path, CALLEE_TEMP.slice(1));
    },
  };
  return emit;
}

/** Whether emitted code holds a `yield` of its own (not in a nested function). */
function holdsYield(t: typeof T, node: T.Node): boolean {
  if (t.isYieldExpression(node)) return true;
  if (t.isFunction(node)) return false;
  for (const key of t.VISITOR_KEYS[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const c of Array.isArray(child) ? child : [child]) {
      if (c !== null && typeof c === 'object' && typeof (c as T.Node).type === 'string' && holdsYield(t, c as T.Node)) return true;
    }
  }
  return false;
}
