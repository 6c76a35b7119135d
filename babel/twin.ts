/**
 * Attaches a generator twin to each marked function declaration, function expression and arrow,
 * in the TypeScript transformer's shapes (transformer/visit.ts): the function keeps its plain
 * body, and `__greenlet.twin(fn, function* () {...})` gives the cps backend a copy whose
 * suspension points yield when they suspend. A function without suspension points gets no twin:
 * `call` (runtime/protocol.ts) calls it plainly.
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';
import { TWIN_HELPER } from '../transformer/shared';
import { captureLexical } from './lexical';
import { moveSuspendingParams } from './params';
import { hasSuspensionPoint } from './classify';
import { rewriteSuspensionPoints } from './calls';
import { lowerForOfs } from './for-of';
import { isNamedPropertyValue, selfNamed as isSelfNamed, staticKeyName } from './marks';

/** Copies of a function's parameters and body (an expression body becomes `return`). */
export function copyOf(t: typeof T, fn: T.Function): { params: T.FunctionExpression['params']; body: T.BlockStatement } {
  const body =
    fn.body.type === 'BlockStatement'
      ? t.cloneNode(fn.body, true)
      : t.blockStatement([t.returnStatement(t.cloneNode(fn.body, true))]);
  const params = fn.params.map((p) => t.cloneNode(p, true)) as T.FunctionExpression['params'];
  // Twins carry no copies of comments (JSDoc of nested functions would print twice).
  for (const node of [body, ...params]) t.traverseFast(node, (n) => void t.removeComments(n));
  return { params, body };
}

/** Turns a copy, once in the tree, into a twin: suspension points yield, parameters can suspend. */
export function finishTwin(emit: Emit, twin: NodePath<T.Function>): void {
  lowerForOfs(emit, twin); // its next()/return() calls are then suspension points like any call
  rewriteSuspensionPoints(emit, twin);
  moveSuspendingParams(emit, twin);
}

export function find<N extends T.Node>(root: NodePath, node: N): NodePath<N> {
  if (root.node === node) return root as NodePath<N>;
  let found: NodePath | undefined;
  root.traverse({
    enter(p) {
      if (p.node === node) {
        found = p;
        p.stop();
      }
    },
  });
  if (!found) throw new Error('greenlet-ts/babel: lost track of an emitted twin (a bug in the plugin)');
  return found as NodePath<N>;
}

export function generator(emit: Emit, fn: T.Function): T.FunctionExpression {
  const { params, body } = copyOf(emit.t, fn);
  return emit.t.functionExpression(null, params, body, true, false);
}

/**
 * `{ "name": function* () {...} }["name"]`: the twin named as its function, so a stack trace on
 * cps shows the frame by the function's name (a generator's own name would be a binding in its
 * body, shadowing the function it twins; `Object.defineProperty` made every twin 15× slower).
 */
function namedTwin(emit: Emit, name: string, gen: T.FunctionExpression): T.Expression {
  const t = emit.t;
  if (name === '__proto__') return gen; // that key would set the object's prototype
  return t.memberExpression(t.objectExpression([t.objectProperty(t.stringLiteral(name), gen)]), t.stringLiteral(name), true);
}

/** Finishes the twin `gen` inserted under `at`; an arrow's twin then captures what it shares with its surroundings. */
export function finishFunctionTwin(emit: Emit, at: NodePath, gen: T.FunctionExpression, arrow: boolean): void {
  const path = find(at, gen);
  finishTwin(emit, path);
  if (arrow) captureLexical(emit, path);
}

const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'SwitchCase', 'TSModuleBlock', 'StaticBlock']);

/** The last attachment hoisted into each statement list, so attachments keep source order. */
const hoistedAnchors = new WeakMap<T.Node, NodePath>();

/**
 * `function f() {}`: the attachment goes first in the statement list, since a function
 * declaration can be called before the line that declares it — at the top of a module before
 * its imports too, as the TypeScript transformer does (where the output keeps statement order,
 * a module importing this one circularly can then call it while the imports load).
 */
export function declarationTwin(emit: Emit, path: NodePath<T.FunctionDeclaration>): void {
  const t = emit.t;
  if (!hasSuspensionPoint(emit.helper, path)) return;
  const node = path.node;
  // `export default function () {}` has no name to attach the twin to: give it one.
  if (!node.id) node.id = path.scope.parent!.generateUidIdentifier('default');
  const gen = generator(emit, node);
  const attach = t.expressionStatement(emit.protocolCall(TWIN_HELPER, [t.identifier(node.id.name), namedTwin(emit, node.id.name, gen)]));
  const statement = path.parentPath.isExportDeclaration() ? path.parentPath : path;
  const list = statement.parentPath!;
  let inserted: NodePath;
  if (STATEMENT_LISTS.has(list.node.type)) {
    const key = list.isSwitchCase() ? 'consequent' : 'body';
    const anchor = hoistedAnchors.get(list.node);
    inserted = anchor ? anchor.insertAfter(attach)[0]! : ((list as NodePath<T.BlockStatement>).unshiftContainer(key as 'body', attach)[0] as NodePath);
    hoistedAnchors.set(list.node, inserted);
  } else {
    inserted = statement.insertAfter(attach)[0]!;
  }
  finishFunctionTwin(emit, inserted, gen, false);
}

/** Function expressions and arrows. */
export function expressionTwin(emit: Emit, path: NodePath<T.FunctionExpression | T.ArrowFunctionExpression>): void {
  const t = emit.t;
  if (!hasSuspensionPoint(emit.helper, path)) return;
  if (isNamedPropertyValue(path)) return; // its object literal attaches the twin (members.ts)
  const node = path.node;
  const arrow = node.type === 'ArrowFunctionExpression';
  const selfNamed = isSelfNamed(path);
  const declared = selfNamed ? undefined : declaredStatement(path);
  const field = fieldName(path);
  const gen = generator(emit, node);
  // The twin named as its function (see namedTwin), for stack traces on cps.
  const name = node.type !== 'ArrowFunctionExpression' && node.id ? node.id.name : (declared?.name ?? field);
  const twin = name !== undefined ? namedTwin(emit, name, gen) : gen;
  if (declared) {
    // `const step = (x) => ...`: the declaration stays as written, so the function keeps the
    // name JavaScript infers from it, and the twin is attached right after it.
    const attach = t.expressionStatement(emit.protocolCall(TWIN_HELPER, [t.identifier(declared.name), twin]));
    finishFunctionTwin(emit, declared.statement.insertAfter(attach)[0]!, gen, arrow);
    return;
  }
  let replacement: T.Expression;
  if (field !== undefined && !(node.type === 'FunctionExpression' && node.id)) {
    // `h = (x) => ...` in a class: the function is made as the value of a property of the same
    // name, `__greenlet.twin({ h: (x) => ... }["h"], twin)`, so it is still named 'h' (or '#h')
    // as JavaScript names a field's function. The initialiser runs per instance with the
    // instance as `this`, which the arrow and its twin both see.
    const named = t.memberExpression(t.objectExpression([t.objectProperty(t.stringLiteral(field), node)]), t.stringLiteral(field), true);
    replacement = emit.protocolCall(TWIN_HELPER, [named, twin]);
  } else if (selfNamed) {
    // A named function expression sees its own name; the twin must see the same function:
    // ((fact) => __greenlet.twin(fact, function* (n) { ... fact ... }))(function fact(n) { ... })
    const self = (node as T.FunctionExpression).id!.name;
    replacement = t.callExpression(t.arrowFunctionExpression([t.identifier(self)], emit.protocolCall(TWIN_HELPER, [t.identifier(self), twin])), [node]);
  } else {
    replacement = emit.protocolCall(TWIN_HELPER, [node, twin]);
  }
  const [replaced] = path.replaceWith(replacement);
  finishFunctionTwin(emit, replaced, gen, arrow);
}

/**
 * For `let/const/var name = <function>` in a statement list: the statement the attachment goes
 * after (a declaration of several variables is split after this one).
 */
function declaredStatement(path: NodePath): { statement: NodePath; name: string } | undefined {
  let declarator = path.parentPath!;
  let init: NodePath = path;
  while (
    declarator.isParenthesizedExpression() ||
    declarator.isTSAsExpression() ||
    declarator.isTSSatisfiesExpression() ||
    declarator.isTSTypeAssertion()
  ) {
    init = declarator;
    declarator = declarator.parentPath!;
  }
  if (!declarator.isVariableDeclarator() || declarator.node.init !== init.node || declarator.node.id.type !== 'Identifier') return undefined;
  const declaration = declarator.parentPath as NodePath<T.VariableDeclaration>;
  let statement: NodePath = declaration;
  if (statement.parentPath?.isExportNamedDeclaration()) statement = statement.parentPath;
  if (!STATEMENT_LISTS.has(statement.parentPath!.node.type)) return undefined;
  const list = declaration.node.declarations;
  const at = list.indexOf(declarator.node);
  if (at < list.length - 1) {
    // `const a = f, b = 1` → `const a = f; <attach>; const b = 1`
    const rest = declaration.node.declarations.splice(at + 1);
    const tail: T.Statement = { ...declaration.node, declarations: rest, leadingComments: null, trailingComments: null };
    const wrapped: T.Statement =
      statement === declaration ? tail : { ...(statement.node as T.ExportNamedDeclaration), declaration: tail as T.VariableDeclaration, leadingComments: null };
    statement.insertAfter(wrapped);
  }
  return { statement, name: declarator.node.id.name };
}

/** The name of the class field whose initialiser is `path` (through parentheses and type assertions). */
function fieldName(path: NodePath): string | undefined {
  let p: NodePath = path;
  while (p.parentPath?.isParenthesizedExpression() || p.parentPath?.isTSAsExpression() || p.parentPath?.isTSSatisfiesExpression() || p.parentPath?.isTSTypeAssertion()) p = p.parentPath;
  const field = p.parentPath;
  if (!(field?.isClassProperty() || field?.isClassPrivateProperty()) || field.node.value !== p.node) return undefined;
  return staticKeyName(field.node.key, 'computed' in field.node ? field.node.computed === true : false);
}
