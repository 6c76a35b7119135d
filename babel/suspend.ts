/**
 * Suspension points of a twin: `f(a, b)` becomes `(yield __greenlet.call(f, thisArg, [a, b]))`.
 * JavaScript evaluates the arguments of `call` left to right, so the callee, then its object
 * (once), then the arguments are evaluated in the original order.
 */
import type { NodePath, types as T } from '@babel/core';
import { PLAIN_GLOBALS } from './builtins';
import { isMarked } from './marks';
import type { Emit } from './emit';

export type Verdict = 'plain' | 'marked' | 'unknown';

/** Transparent wrappers around a callee that keep a member call's `this`. */
export function unwrap(node: T.Node): T.Node {
  while (
    node.type === 'ParenthesizedExpression' ||
    node.type === 'TSAsExpression' ||
    node.type === 'TSSatisfiesExpression' ||
    node.type === 'TSNonNullExpression' ||
    node.type === 'TSTypeAssertion' ||
    node.type === 'TSInstantiationExpression'
  ) {
    node = node.expression;
  }
  return node;
}

function memberName(node: T.MemberExpression | T.OptionalMemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'StringLiteral') return node.property.value;
  return undefined;
}

/** The private method `#name` of the innermost class around `path` declaring it. */
export function privateMethodOf(path: NodePath, name: string): NodePath<T.ClassPrivateMethod | T.ClassPrivateProperty> | undefined {
  for (let p: NodePath | null = path.parentPath; p; p = p.parentPath) {
    if (!p.isClassBody()) continue;
    for (const member of p.get('body')) {
      if ((member.isClassPrivateMethod() || member.isClassPrivateProperty()) && member.node.key.id.name === name) return member;
    }
  }
  return undefined;
}

/**
 * Without types: `.switch(...)`/`.throw(...)`, functions marked in this file and marked private
 * methods suspend; a callee known plain (a global builtin or one of its properties, a function
 * declared unmarked in this file, an emitted protocol call) does not; anything else is checked
 * at run time by the trampoline.
 */
export function calleeVerdict(helper: string, path: NodePath, calleeNode: T.Node): Verdict {
  const callee = unwrap(calleeNode);
  if (callee.type === 'Super' || callee.type === 'Import' || callee.type === 'V8IntrinsicIdentifier') return 'plain';
  if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
    if (callee.property.type === 'PrivateName') {
      const member = privateMethodOf(path, callee.property.id.name);
      if (member?.isClassPrivateMethod()) return isMarked(member.node) ? 'marked' : 'plain';
      return 'unknown';
    }
    const name = memberName(callee);
    if (name === 'switch' || name === 'throw') return 'marked';
    // f.call(t, ...) / f.apply(t, xs) call f.
    if ((name === 'call' || name === 'apply') && !callee.computed) {
      const target = calleeVerdict(helper, path, callee.object);
      if (target !== 'unknown') return target;
    }
  }
  if (callee.type === 'FunctionExpression' || callee.type === 'ArrowFunctionExpression') return isMarked(callee) ? 'marked' : 'plain';
  let root: T.Node = callee;
  while (root.type === 'MemberExpression' || root.type === 'OptionalMemberExpression') root = unwrap(root.object);
  if (root.type !== 'Identifier') return 'unknown';
  if (root.name === helper && root !== callee) return 'plain';
  const binding = path.scope.getBinding(root.name);
  if (binding === undefined) return PLAIN_GLOBALS.has(root.name) ? 'plain' : 'unknown';
  if (root !== callee || !binding.constant) return 'unknown';
  const decl = binding.path;
  if (decl.isFunctionDeclaration()) return isMarked(decl.node) ? 'marked' : 'plain';
  if (decl.isVariableDeclarator()) {
    const init = decl.node.init ? unwrap(decl.node.init) : undefined;
    if (init && (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression')) return isMarked(init) ? 'marked' : 'plain';
  }
  return 'unknown';
}

type CallLike = T.CallExpression | T.OptionalCallExpression | T.TaggedTemplateExpression;

export function callVerdict(helper: string, path: NodePath<CallLike>): Verdict {
  const node = path.node;
  return calleeVerdict(helper, path, node.type === 'TaggedTemplateExpression' ? node.tag : node.callee);
}

/** Whether the function at `fn` has a suspension point of its own (not in nested functions). */
export function hasSuspensionPoint(helper: string, fn: NodePath<T.Function>): boolean {
  let found = false;
  const check = (path: NodePath<CallLike>) => {
    if (callVerdict(helper, path) !== 'plain') {
      found = true;
      path.stop();
    }
  };
  fn.traverse({
    Function: (p) => p.skip(),
    Class: (p) => p.skip(),
    CallExpression: check,
    OptionalCallExpression: check,
    TaggedTemplateExpression: check,
  });
  return found;
}

/** Rewrites every suspension point directly inside `twin` (not in functions or classes nested in it). */
export function rewriteSuspensionPoints(emit: Emit, twin: NodePath<T.Function>): void {
  twin.traverse({
    Function: (p) => p.skip(),
    Class: (p) => p.skip(),
    CallExpression: {
      exit(path) {
        if (callVerdict(emit.helper, path) !== 'plain') path.replaceWith(suspendCall(emit, path));
      },
    },
    TaggedTemplateExpression: {
      exit(path) {
        if (callVerdict(emit.helper, path) !== 'plain') path.replaceWith(suspendTaggedTemplate(emit, path));
      },
    },
    OptionalCallExpression: {
      exit(path) {
        const replacement = optionalSuspension(emit, path);
        if (replacement) path.replaceWith(replacement);
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
  const twinName = t.privateName(t.identifier(`${name.id.name}$greenlet`));
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
      return emit.yieldCall(member.object, self(), list());
    }
    if (!path.scope.getBinding('Function')) return viaUnknown(emit, path, member, via, self, list, args);
  }
  const [fn, thisArg] = calleeAndThis(emit, path, node.callee as T.Expression);
  return emit.yieldCall(fn, thisArg, t.arrayExpression(args));
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
  return t.yieldExpression(
    t.conditionalExpression(
      t.binaryExpression('===', read, builtin),
      emit.protocolCall('call', [t.cloneNode(recv), self(), list()]),
      emit.protocolCall('call', [t.cloneNode(fn), t.cloneNode(recv), t.arrayExpression(args)]),
    ),
  );
}

/**
 * A tagged template as a suspension point. The strings object must be the one JavaScript keeps
 * for this site, so an identity tag collects it with the substitutions:
 * `tag`a${x}b`` → `yield call(tag, void 0, ((s, ...v) => [s, ...v])`a${x}b`)`.
 */
function suspendTaggedTemplate(emit: Emit, path: NodePath<T.TaggedTemplateExpression>): T.Expression {
  const t = emit.t;
  const [fn, thisArg] = calleeAndThis(emit, path, path.node.tag);
  const s = path.scope.generateUidIdentifier('strings');
  const v = path.scope.generateUidIdentifier('values');
  const collect = t.arrowFunctionExpression([s, t.restElement(v)], t.arrayExpression([t.cloneNode(s), t.spreadElement(t.cloneNode(v))]));
  return emit.yieldCall(fn, thisArg, t.taggedTemplateExpression(collect, path.node.quasi));
}

/**
 * `f?.(a)`, `o?.m(a)` and `o.m?.(a)` as suspension points; longer optional chains are left
 * as plain calls (checked at run time on cps: a switch reached through them throws).
 */
function optionalSuspension(emit: Emit, path: NodePath<T.OptionalCallExpression>): T.Expression | undefined {
  const t = emit.t;
  if (callVerdict(emit.helper, path) === 'plain') return undefined;
  const parent = path.parentPath;
  if (parent.isOptionalMemberExpression({ object: path.node }) || parent.isOptionalCallExpression({ callee: path.node })) return undefined;
  const node = path.node;
  const callee = unwrap(node.callee) as T.Expression;
  const isNull = (e: T.Expression) => t.binaryExpression('==', e, t.nullLiteral());
  const undef = () => t.unaryExpression('void', t.numericLiteral(0));
  const args = t.arrayExpression(node.arguments as T.Expression[]);
  if (callee.type === 'OptionalMemberExpression' && callee.optional && !node.optional && !isChain(callee.object)) {
    // o?.m(a)
    const recv = emit.temp(path, 'chain');
    const fn = t.memberExpression(t.cloneNode(recv), callee.property, callee.computed);
    return t.conditionalExpression(isNull(t.assignmentExpression('=', recv, callee.object)), undef(), emit.yieldCall(fn, t.cloneNode(recv), args));
  }
  if (node.optional && callee.type === 'MemberExpression' && !isChain(callee.object)) {
    // o.m?.(a)
    const recv = emit.receiver(path);
    const fn = emit.temp(path, 'chain');
    const get = t.memberExpression(t.assignmentExpression('=', recv, callee.object), callee.property, callee.computed);
    return t.conditionalExpression(isNull(t.assignmentExpression('=', fn, get)), undef(), emit.yieldCall(t.cloneNode(fn), t.cloneNode(recv), args));
  }
  if (node.optional && !isChain(callee)) {
    // f?.(a)
    const fn = emit.temp(path, 'chain');
    return t.conditionalExpression(isNull(t.assignmentExpression('=', fn, callee)), undef(), emit.yieldCall(t.cloneNode(fn), undef(), args));
  }
  return undefined;
}

function isChain(node: T.Node): boolean {
  node = unwrap(node);
  if (node.type === 'OptionalMemberExpression' || node.type === 'OptionalCallExpression') return true;
  if (node.type === 'MemberExpression') return isChain(node.object);
  return false;
}
