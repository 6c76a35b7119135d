/**
 * Suspension points of a twin: `f(a, b)` becomes
 * `((_r = __greenlet.call(f, thisArg, [a, b])) === __greenlet.CALL ? (yield _r) : _r)` (emit.ts suspension).
 * JavaScript evaluates the arguments of `call` left to right, so the callee, then its object
 * (once), then the arguments are evaluated in the original order.
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';
import { CALL_HELPER } from '../transformer/shared';
import { privateTwinName } from '../transformer/shared/twin-keys';
import { calleeVerdict, callVerdict, hasSuspensionPoint, privateMethodOf, unwrap } from './classify';
import { isMarked } from './marks';
import { rewriteChain, type Link } from './chains';

/** Rewrites every suspension point directly inside `twin` (not in functions or classes nested in it). */
export function rewriteSuspensionPoints(emit: Emit, twin: NodePath<T.Function>): void {
  twin.traverse({
    Function: (p) => p.skip(),
    Class: (p) => p.skip(),
    CallExpression: {
      exit(path) {
        if (!emit.made(path.node) && callVerdict(emit.helper, path) !== 'plain') path.replaceWith(suspendCall(emit, path));
      },
    },
    TaggedTemplateExpression: {
      exit(path) {
        if (callVerdict(emit.helper, path) !== 'plain') path.replaceWith(suspendTaggedTemplate(emit, path));
      },
    },
    'OptionalMemberExpression|OptionalCallExpression': {
      exit(path) {
        rewriteChain(emit, path as NodePath<Link>);
      },
    },
  });
}

/** The value to call and its `this`: `o.m` → `(_recv = o).m` and `_recv`; `super.m` → `super.m` and `this`. */
function calleeAndThis(emit: Emit, path: NodePath, calleeNode: T.Expression): [T.Expression, T.Expression] {
  const t = emit.t;
  const callee = unwrap(calleeNode) as T.Expression;
  if (callee.type !== 'MemberExpression') return [calleeNode, t.unaryExpression('void', t.numericLiteral(0))];
  const object = callee.object;
  let base: T.Expression;
  let receiver: T.Expression;
  if (object.type === 'Super') {
    return [callee, t.thisExpression()];
  } else if (object.type === 'ThisExpression' || object.type === 'Identifier') {
    base = object;
    receiver = t.cloneNode(object);
  } else {
    const temp = emit.receiver(path);
    base = t.assignmentExpression('=', temp, object);
    receiver = t.cloneNode(temp);
  }
  const read = t.memberExpression(base, callee.property, callee.computed);
  if (callee.property.type === 'PrivateName') {
    // A marked private method is reached through its twin, which emitted code can reach
    // (see members.ts); reading `o.#m` first keeps the brand check.
    const twin = privateTwin(emit, path, callee.property, receiver);
    if (twin) return [t.sequenceExpression([read, twin]), receiver];
  }
  return [read, receiver];
}

/** `C.#m$greenlet` (instance method of class C) or `receiver.#m$greenlet` (static), when #m has a twin. */
function privateTwin(emit: Emit, path: NodePath, name: T.PrivateName, receiver: T.Expression): T.Expression | undefined {
  const t = emit.t;
  const member = privateMethodOf(path, name.id.name);
  if (!member?.isClassPrivateMethod() || !isMarked(member.node) || !hasSuspensionPoint(emit.helper, member)) return undefined;
  const twinName = t.privateName(t.identifier(privateTwinName(`#${name.id.name}`).slice(1)));
  if (member.node.static) return t.memberExpression(t.cloneNode(receiver), twinName);
  const cls = member.parentPath.parentPath as NodePath<T.Class>;
  if (!cls.node.id) return undefined; // reported where the method is marked
  return t.memberExpression(t.identifier(cls.node.id.name), twinName);
}

function suspendCall(emit: Emit, path: NodePath<T.CallExpression>): T.Expression {
  const t = emit.t;
  const node = path.node;
  const args = node.arguments as T.Expression[];
  const callee = unwrap(node.callee);
  const spread = node.arguments.some((a) => a.type === 'SpreadElement');
  const via =
    callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && /^(call|apply)$/.test(callee.property.name)
      ? (callee.property.name as 'call' | 'apply')
      : undefined;
  if (via && !spread) {
    const member = callee as T.MemberExpression;
    const [first, ...rest] = args;
    const self = () => (first ? t.cloneNode(first, true) : t.unaryExpression('void', t.numericLiteral(0)));
    const list = (): T.Expression => {
      const copies = rest.map((a) => t.cloneNode(a, true));
      if (via === 'call') return t.arrayExpression(copies);
      // apply takes an array-like or null/undefined ([] stands for the latter); extra
      // arguments are evaluated after the array and ignored.
      if (copies.length === 0) return t.arrayExpression([]);
      if (copies.length === 1) return t.logicalExpression('??', copies[0]!, t.arrayExpression([]));
      const temp = emit.temp(path, 'args');
      const [xs, ...extra] = copies;
      return t.sequenceExpression([t.assignmentExpression('=', temp, xs!), ...extra, t.logicalExpression('??', t.cloneNode(temp), t.arrayExpression([]))]);
    };
    if (calleeVerdict(emit.helper, path, member.object) === 'marked') {
      // `f.call(t, a)` / `f.apply(t, xs)` of a marked f: suspend on f itself, with `this` = t.
      return emit.suspensionCall(path, member.object, self(), list());
    }
    if (!path.scope.getBinding('Function')) return viaUnknown(emit, path, member, via, self, list, args);
  }
  const [fn, thisArg] = calleeAndThis(emit, path, node.callee as T.Expression);
  return emit.suspensionCall(path, fn, thisArg, t.arrayExpression(args));
}

/**
 * `x.call(t, a)` where nothing says what x is: when `x.call` is Function.prototype.call, the
 * call is x's own (a marked x then suspends in its twin); otherwise it is a method named `call`.
 * `(_fn = (_recv = x).call) === Function.prototype.call ? call(_recv, t, [a]) : call(_fn, _recv, [t, a])`
 */
function viaUnknown(
  emit: Emit,
  path: NodePath,
  member: T.MemberExpression,
  via: 'call' | 'apply',
  self: () => T.Expression,
  list: () => T.Expression,
  args: T.Expression[],
): T.Expression {
  const t = emit.t;
  const recv = emit.receiver(path);
  const fn = emit.temp(path, 'fn');
  const read = t.assignmentExpression('=', fn, t.memberExpression(t.assignmentExpression('=', recv, member.object), member.property));
  const builtin = t.memberExpression(t.memberExpression(t.identifier('Function'), t.identifier('prototype')), t.identifier(via));
  return emit.suspension(
    path,
    t.conditionalExpression(
      t.binaryExpression('===', read, builtin),
      emit.protocolCall(CALL_HELPER, [t.cloneNode(recv), self(), list()]),
      emit.call(t.cloneNode(fn), t.cloneNode(recv), t.arrayExpression(args)),
    ),
  );
}

/**
 * `` tag`a${x}b` `` → the suspension of `__greenlet.call(tag, thisArg, [((s) => s)`a${0}b`, x])`: the tag is
 * evaluated first, then the strings array (the one of this site, frozen, with `raw`, made by an
 * identity tag with the same literal parts), then the substitutions left to right.
 */
function suspendTaggedTemplate(emit: Emit, path: NodePath<T.TaggedTemplateExpression>): T.Expression {
  const t = emit.t;
  const [fn, thisArg] = calleeAndThis(emit, path, path.node.tag);
  const quasi = path.node.quasi;
  const s = path.scope.generateUidIdentifier('strings');
  const identity = t.arrowFunctionExpression([s], t.cloneNode(s));
  const placeholders = t.templateLiteral(quasi.quasis, quasi.expressions.map(() => t.numericLiteral(0)));
  const strings = t.taggedTemplateExpression(identity, placeholders);
  return emit.suspensionCall(path, fn, thisArg, t.arrayExpression([strings, ...(quasi.expressions as T.Expression[])]));
}
