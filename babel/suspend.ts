/**
 * Suspension points of a twin: `f(a, b)` becomes `(yield __greenlet.call(f, thisArg, [a, b]))`.
 * JavaScript evaluates the arguments of `call` left to right, so the callee, then its object
 * (once), then the arguments are evaluated in the original order.
 */
import type { NodePath, types as T } from '@babel/core';
import { PLAIN_GLOBALS } from './builtins';
import { isMarked } from './marks';
import type { Emit } from './emit';
import { CALL_HELPER } from '../transformer/shared';
import { privateTwinName } from '../transformer/shared/twin-keys';

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
  let fn: NodePath<T.Function> | undefined;
  if (decl.isFunctionDeclaration()) fn = decl;
  else if (decl.isVariableDeclarator() && decl.node.init) {
    let init = decl.get('init') as NodePath;
    while (init.isParenthesizedExpression() || init.isTSAsExpression() || init.isTSSatisfiesExpression() || init.isTSTypeAssertion() || init.isTSNonNullExpression()) {
      init = init.get('expression') as NodePath;
    }
    if (init.isFunctionExpression() || init.isArrowFunctionExpression()) fn = init;
  }
  if (!fn) return 'unknown';
  if (!isMarked(fn.node)) return 'plain';
  return neverSuspends(helper, fn) ? 'plain' : 'marked';
}

const neverSuspendsCache = new WeakMap<T.Node, boolean>();

/**
 * A marked function of this file whose own body has no suspension point gets no twin, and
 * calling it plainly is what the trampoline would do anyway: such calls stay plain calls (as
 * in the TypeScript transformer). Only for declarations and variables, never methods, which a
 * subclass may override.
 */
function neverSuspends(helper: string, fn: NodePath<T.Function>): boolean {
  let result = neverSuspendsCache.get(fn.node);
  if (result === undefined) {
    neverSuspendsCache.set(fn.node, false); // while deciding (recursion): assume it suspends
    result = !hasSuspensionPoint(helper, fn);
    neverSuspendsCache.set(fn.node, result);
  }
  return result;
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
      emit.protocolCall(CALL_HELPER, [t.cloneNode(recv), self(), list()]),
      emit.protocolCall(CALL_HELPER, [t.cloneNode(fn), t.cloneNode(recv), t.arrayExpression(args)]),
    ),
  );
}

/**
 * `` tag`a${x}b` `` → `(yield __greenlet.call(tag, thisArg, [((s) => s)`a${0}b`, x]))`: the tag is
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
  return emit.yieldCall(fn, thisArg, t.arrayExpression([strings, ...(quasi.expressions as T.Expression[])]));
}

// Optional chains. `a?.b.m(x)` short-circuits the whole chain when `a` is nullish; when a chain
// holds a suspension point it is rewritten as a whole, at its outermost link, into conditionals
// (the TypeScript transformer's lowering, transformer/calls.ts):
//   (_chain = a) == null ? void 0 : (yield __greenlet.call((_recv = _chain.b).m, _recv, [x]))

type Link = T.OptionalMemberExpression | T.OptionalCallExpression;

function isLink(node: T.Node): node is Link {
  return node.type === 'OptionalMemberExpression' || node.type === 'OptionalCallExpression';
}

/** The chain's links from the root outwards (`!` inside a chain is transparent). */
function linksOf(top: Link): { root: T.Expression; links: Link[] } {
  const links: Link[] = [];
  let e: T.Node = top;
  while (isLink(e)) {
    links.unshift(e);
    e = e.type === 'OptionalMemberExpression' ? e.object : e.callee;
    while (e.type === 'TSNonNullExpression' && isLink(e.expression)) e = e.expression;
  }
  return { root: e as T.Expression, links };
}

function isOutermostLink(path: NodePath): boolean {
  let p = path.parentPath!;
  let child: T.Node = path.node;
  while (p.isTSNonNullExpression()) {
    child = p.node;
    p = p.parentPath!;
  }
  return !((p.isOptionalMemberExpression() && p.node.object === child) || (p.isOptionalCallExpression() && p.node.callee === child));
}

function rewriteChain(emit: Emit, path: NodePath<Link>): void {
  if (!isOutermostLink(path)) return;
  const { root, links } = linksOf(path.node);
  const suspends = (link: Link) => link.type === 'OptionalCallExpression' && calleeVerdict(emit.helper, path, link.callee) !== 'plain';
  if (!links.some(suspends)) return;
  const t = emit.t;
  const undef = () => t.unaryExpression('void', t.numericLiteral(0));

  /** `value.name` / `value[key]`; when a call follows, also the receiver. */
  const access = (value: T.Expression, link: T.MemberExpression | T.OptionalMemberExpression, capture: boolean): [T.Expression, T.Expression | undefined] => {
    let base = value;
    let receiver: T.Expression | undefined;
    if (capture) {
      if (value.type === 'Super') receiver = t.thisExpression();
      else if (value.type === 'ThisExpression' || value.type === 'Identifier') receiver = t.cloneNode(value);
      else {
        const temp = emit.temp(path, 'recv');
        base = t.assignmentExpression('=', temp, value);
        receiver = t.cloneNode(temp);
      }
    }
    return [t.memberExpression(base, link.property as T.Expression, link.computed), receiver];
  };

  const step = (i: number, value: T.Expression, thisVal: T.Expression | undefined): T.Expression => {
    const link = links[i]!;
    if (link.type === 'OptionalCallExpression') {
      const args = link.arguments as T.Expression[];
      let result: T.Expression;
      if (suspends(link)) result = emit.yieldCall(value, thisVal ?? undef(), t.arrayExpression(args));
      else if (thisVal && value.type !== 'MemberExpression') result = t.callExpression(t.memberExpression(value, t.identifier('call')), [thisVal, ...args]);
      else result = t.callExpression(value, args);
      return build(i + 1, result, undefined);
    }
    const callNext = i + 1 < links.length && links[i + 1]!.type === 'OptionalCallExpression';
    const [v, recv] = access(value, link, callNext);
    return build(i + 1, v, recv);
  };

  const build = (i: number, value: T.Expression, thisVal: T.Expression | undefined): T.Expression => {
    if (i === links.length) return value;
    if (!links[i]!.optional) return step(i, value, thisVal);
    const temp = emit.temp(path, 'chain');
    const test = t.binaryExpression('==', t.assignmentExpression('=', temp, value), t.nullLiteral());
    return t.conditionalExpression(test, undef(), step(i, t.cloneNode(temp), thisVal));
  };

  let value: T.Expression = root;
  let thisVal: T.Expression | undefined;
  const rootInner = unwrap(root);
  if (links[0]!.type === 'OptionalCallExpression' && rootInner.type === 'MemberExpression') {
    // `o.m?.(x)`: the call's `this` is o.
    [value, thisVal] = access(rootInner.object as T.Expression, rootInner, true);
  }
  path.replaceWith(build(0, value, thisVal));
}
