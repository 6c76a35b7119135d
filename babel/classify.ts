/**
 * Which calls are suspension points, without types: `.switch(...)`/`.throw(...)`, functions
 * marked in this file (unless they never suspend) and marked private methods do suspend; a
 * callee known plain (a global builtin or one of its properties, a function declared unmarked
 * in this file, an emitted protocol call) does not; anything else is checked at run time.
 */
import type { NodePath, types as T } from '@babel/core';
import { PLAIN_GLOBALS } from './builtins';
import { isMarked } from './marks';

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
 * at run time by `call` (runtime/protocol.ts).
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
 * calling it plainly is what `call` would do anyway: such calls stay plain calls (as
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
    ForOfStatement(p) {
      if (iterationVerdict(p) !== 'plain') {
        found = true;
        p.stop();
      }
    },
  });
  return found;
}

/** Builtin constructors whose instances iterate plainly (their iterators' next is the engine's). */
const PLAIN_ITERABLE_CLASSES: ReadonlySet<string> = new Set([
  'Array', 'Map', 'Set', 'String',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
]);

/** Builtin functions that return arrays. */
const ARRAY_MAKERS: ReadonlySet<string> = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Array.from', 'Array.of']);

/**
 * The implicit `next`/`return` calls of a for-of (lowered into explicit ones in a twin by
 * for-of.ts unless plain). Without types, the iterated value is known plain only when it is
 * built right there — an array or string literal, `new Map(...)` and other builtin collections,
 * `Object.entries(...)` and other builtin array makers, a call of an unmarked generator function
 * of this file — or is a constant bound to one of those; anything else is checked at run time.
 * A `for await` never suspends a greenlet.
 */
export function iterationVerdict(path: NodePath<T.ForOfStatement>): Verdict {
  if (path.node.await) return 'plain';
  return iterableVerdict(path, path.node.right, 0);
}

function iterableVerdict(path: NodePath, node: T.Node, depth: number): Verdict {
  const e = unwrap(node);
  switch (e.type) {
    case 'ArrayExpression':
    case 'StringLiteral':
    case 'TemplateLiteral':
      return 'plain';
    case 'NewExpression':
      return e.callee.type === 'Identifier' && PLAIN_ITERABLE_CLASSES.has(e.callee.name) && !path.scope.getBinding(e.callee.name) ? 'plain' : 'unknown';
    case 'CallExpression': {
      const callee = unwrap(e.callee);
      if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && callee.property.type === 'Identifier') {
        const name = `${callee.object.name}.${callee.property.name}`;
        return ARRAY_MAKERS.has(name) && !path.scope.getBinding(callee.object.name) ? 'plain' : 'unknown';
      }
      if (callee.type !== 'Identifier') return 'unknown';
      const binding = path.scope.getBinding(callee.name);
      const decl = binding?.constant ? binding.path.node : undefined;
      // A generator function: its generator's next is the engine's (a generator cannot be marked).
      return decl?.type === 'FunctionDeclaration' && decl.generator ? 'plain' : 'unknown';
    }
    case 'Identifier': {
      const binding = path.scope.getBinding(e.name);
      const decl = binding?.constant && binding.path.isVariableDeclarator() ? binding.path.node : undefined;
      if (decl?.init == null || depth > 8) return 'unknown';
      return iterableVerdict(binding!.path, decl.init, depth + 1);
    }
    default:
      return 'unknown';
  }
}
