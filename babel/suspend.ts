/**
 * Rewrites the suspension points of a twin: `f(a, b)` becomes
 * `(yield __greenlet.call(f, thisArg, [a, b]))`. JavaScript evaluates the arguments of
 * `call` left to right, so the callee, then its object (once), then the arguments are
 * evaluated in the original order.
 */
import type { NodePath, types as T } from '@babel/core';
import { PLAIN_GLOBALS } from './builtins';
import { isMarked } from './marks';
import type { Emit } from './emit';

/** Rewrites every suspension point directly inside `twin` (not in functions nested in it). */
export function rewriteSuspensionPoints(emit: Emit, twin: NodePath<T.Function>): void {
  twin.traverse({
    Function(path) {
      path.skip();
    },
    ClassBody(path) {
      path.skip();
    },
    CallExpression: {
      exit(path) {
        if (isSuspensionPoint(emit, path)) path.replaceWith(suspend(emit, path, path.node.callee as T.Expression, path.node.arguments));
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

/** Transparent wrappers around a callee that keep a member call's `this`. */
function unwrap(node: T.Node): T.Node {
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

export type Verdict = 'plain' | 'marked' | 'unknown';

/**
 * Without types: `.switch(...)`/`.throw(...)` and functions marked in this file suspend; a
 * callee known plain (a global builtin or one of its properties, a function declared unmarked
 * in this file, an emitted protocol call) does not; anything else is checked at run time.
 */
export function calleeVerdict(helper: string, path: NodePath, calleeNode: T.Node): Verdict {
  const callee = unwrap(calleeNode);
  if (callee.type === 'Super' || callee.type === 'Import' || callee.type === 'V8IntrinsicIdentifier') return 'plain';
  if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
    const name = memberName(callee);
    if (name === 'switch' || name === 'throw') return 'marked';
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

/**
 * `f.call(t, ...a)` / `f.apply(t, a)` of a function marked in this file: the suspension is
 * `f`'s, so the trampoline must be handed `f` itself.
 */
function viaCallOrApply(helper: string, path: NodePath, callee: T.Node): { target: T.Expression; via: 'call' | 'apply' } | undefined {
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  const via = callee.property.name;
  if (via !== 'call' && via !== 'apply') return undefined;
  const target = unwrap(callee.object);
  if (target.type !== 'Identifier' && target.type !== 'FunctionExpression' && target.type !== 'ArrowFunctionExpression') return undefined;
  return calleeVerdict(helper, path, target) === 'marked' ? { target: callee.object, via } : undefined;
}

export function callVerdict(helper: string, path: NodePath<T.CallExpression | T.OptionalCallExpression>): Verdict {
  const callee = path.node.callee;
  if (viaCallOrApply(helper, path, unwrap(callee))) return 'marked';
  return calleeVerdict(helper, path, callee);
}

function isSuspensionPoint(emit: Emit, path: NodePath<T.CallExpression | T.OptionalCallExpression>): boolean {
  return callVerdict(emit.helper, path) !== 'plain';
}

/** `callee(args)` as a suspension point, with a member callee's object evaluated once. */
function suspend(emit: Emit, path: NodePath, calleeNode: T.Expression, args: T.CallExpression['arguments']): T.Expression {
  const t = emit.t;
  const callee = unwrap(calleeNode) as T.Expression;
  const via = viaCallOrApply(emit.helper, path, callee);
  if (via) {
    const [self, ...rest] = args as T.Expression[];
    const thisArg = self ?? t.unaryExpression('void', t.numericLiteral(0));
    if (via.via === 'call') return emit.yieldCall(via.target, thisArg, rest);
    return t.yieldExpression(emit.protocolCall('call', [via.target, thisArg, rest[0] ?? t.arrayExpression([])]));
  }
  let fn: T.Expression;
  let thisArg: T.Expression;
  if (callee.type === 'MemberExpression') {
    const object = callee.object;
    if (object.type === 'Super') {
      fn = callee;
      thisArg = t.thisExpression();
    } else if (object.type === 'ThisExpression' || object.type === 'Identifier') {
      fn = callee;
      thisArg = t.cloneNode(object);
    } else {
      const temp = emit.temp(path, 'this');
      fn = t.memberExpression(t.assignmentExpression('=', temp, object), callee.property, callee.computed);
      thisArg = t.cloneNode(temp);
    }
  } else {
    fn = calleeNode;
    thisArg = t.unaryExpression('void', t.numericLiteral(0));
  }
  return emit.yieldCall(fn, thisArg, args as T.Expression[]);
}

/**
 * `f?.(a)`, `o?.m(a)` and `o.m?.(a)` as suspension points; longer optional chains are left
 * as plain calls (checked at run time on cps: a switch reached through them throws).
 */
function optionalSuspension(emit: Emit, path: NodePath<T.OptionalCallExpression>): T.Expression | undefined {
  const t = emit.t;
  if (!isSuspensionPoint(emit, path)) return undefined;
  const parent = path.parentPath;
  if (parent.isOptionalMemberExpression({ object: path.node }) || parent.isOptionalCallExpression({ callee: path.node })) return undefined;
  const node = path.node;
  const callee = unwrap(node.callee) as T.Expression;
  const isNull = (e: T.Expression) => t.binaryExpression('==', e, t.nullLiteral());
  const undef = () => t.unaryExpression('void', t.numericLiteral(0));
  const args = node.arguments as T.Expression[];
  if (callee.type === 'OptionalMemberExpression' && callee.optional && !node.optional && !isChain(callee.object)) {
    // o?.m(a)
    const temp = emit.temp(path, 'this');
    const fn = t.memberExpression(t.cloneNode(temp), callee.property, callee.computed);
    return t.conditionalExpression(isNull(t.assignmentExpression('=', temp, callee.object)), undef(), emit.yieldCall(fn, t.cloneNode(temp), args));
  }
  if (node.optional && callee.type === 'MemberExpression' && !isChain(callee.object)) {
    // o.m?.(a)
    const self = emit.temp(path, 'this');
    const fn = emit.temp(path, 'fn');
    const get = t.memberExpression(t.assignmentExpression('=', self, callee.object), callee.property, callee.computed);
    return t.conditionalExpression(isNull(t.assignmentExpression('=', fn, get)), undef(), emit.yieldCall(t.cloneNode(fn), t.cloneNode(self), args));
  }
  if (node.optional && !isChain(callee)) {
    // f?.(a)
    const fn = emit.temp(path, 'fn');
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
