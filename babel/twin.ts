/**
 * Attaches a generator twin to each marked function, in the shape the TypeScript transformer
 * emits: the function keeps its plain body, and `__greenlet.twin(fn, function* () {...})`
 * gives the cps trampoline a copy whose suspension points yield.
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';
import type { MarkableFunction } from './marks';
import { rewriteSuspensionPoints } from './suspend';

export function emitTwin(emit: Emit, path: NodePath<MarkableFunction>): void {
  if (path.isFunctionDeclaration()) declarationTwin(emit, path);
  else if (path.isClassMethod() || path.isClassPrivateMethod()) classMethodTwin(emit, path);
  else if (path.isObjectMethod()) objectMethodTwin(emit, path);
  else expressionTwin(emit, path as NodePath<T.FunctionExpression | T.ArrowFunctionExpression>);
}

/** `function* (params) { body }`, copied from `fn` (an expression body becomes `return`). */
function generatorOf(t: typeof T, fn: T.Function): T.FunctionExpression {
  const body =
    fn.body.type === 'BlockStatement'
      ? t.cloneNode(fn.body, true)
      : t.blockStatement([t.returnStatement(t.cloneNode(fn.body, true))]);
  const params = fn.params.map((p) => t.cloneNode(p, true)) as T.FunctionExpression['params'];
  return t.functionExpression(null, params, body, true, false);
}

/** Turns a copied body, once in the tree, into a twin: suspension points yield. */
function finishTwin(emit: Emit, twin: NodePath<T.Function>): void {
  rewriteSuspensionPoints(emit, twin);
  moveSuspendingParams(emit, twin);
}

function find<N extends T.Node>(root: NodePath, node: N): NodePath<N> {
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

/**
 * `function f() {}` → the twin is attached at the top of the enclosing block (after imports),
 * so a call that runs before the declaration (it is hoisted) finds the twin too.
 */
function declarationTwin(emit: Emit, path: NodePath<T.FunctionDeclaration>): void {
  const t = emit.t;
  const node = path.node;
  // `export default function () {}` has no name to attach the twin to: give it one.
  if (!node.id) node.id = path.scope.parent!.generateUidIdentifier('default');
  const gen = generatorOf(t, node);
  const stmt = t.expressionStatement(emit.protocolCall('twin', [t.cloneNode(node.id), gen]));
  const statement = path.parentPath.isExportDeclaration() ? path.parentPath : path;
  const list = statement.parentPath!;
  let inserted: NodePath[];
  if (list.isProgram()) {
    const body = list.get('body');
    const lastImport = body.filter((s) => s.isImportDeclaration()).pop();
    inserted = lastImport ? lastImport.insertAfter(stmt) : list.unshiftContainer('body', stmt);
  } else if (list.isBlockStatement()) {
    inserted = list.unshiftContainer('body', stmt);
  } else {
    inserted = statement.insertBefore(stmt);
  }
  finishTwin(emit, find(inserted[0]!, gen));
}

/** Function expressions and arrows. */
function expressionTwin(emit: Emit, path: NodePath<T.FunctionExpression | T.ArrowFunctionExpression>): void {
  const t = emit.t;
  const node = path.node;
  const gen = generatorOf(t, node);
  const twin = node.type === 'ArrowFunctionExpression' ? lexicalWrapper(emit, path, gen) : gen;

  // `const f = () => {}` as a statement: attach right after it, so `f.name` stays 'f'.
  const declarator = path.parentPath;
  if (declarator.isVariableDeclarator() && declarator.node.init === node && declarator.node.id.type === 'Identifier') {
    let statement: NodePath = declarator.parentPath;
    if (statement.parentPath?.isExportNamedDeclaration()) statement = statement.parentPath;
    if (statement.parentPath?.isProgram() || statement.parentPath?.isBlockStatement()) {
      const attach = t.expressionStatement(emit.protocolCall('twin', [t.identifier(declarator.node.id.name), twin]));
      const [inserted] = statement.insertAfter(attach);
      finishExpressionTwin(emit, inserted!, twin, gen);
      return;
    }
  }
  let replacement: T.Expression;
  if (node.type === 'FunctionExpression' && node.id && path.scope.getOwnBinding(node.id.name)?.referenced) {
    // The name of a named function expression is only visible inside it: hand it to the
    // twin as a parameter, so the twin's references reach the same function.
    const name = node.id.name;
    replacement = t.callExpression(
      t.arrowFunctionExpression([t.identifier(name)], emit.protocolCall('twin', [t.identifier(name), twin])),
      [node],
    );
  } else {
    replacement = emit.protocolCall('twin', [node, twin]);
  }
  const [replaced] = path.replaceWith(replacement);
  finishExpressionTwin(emit, replaced, twin, gen);
}

function finishExpressionTwin(emit: Emit, at: NodePath, twin: T.Expression, gen: T.FunctionExpression): void {
  if (twin !== gen) {
    const wrapper = find(at, twin as T.ArrowFunctionExpression);
    keepLexicalArguments(emit, wrapper, find(wrapper, gen));
  }
  finishTwin(emit, find(at, gen));
}

/**
 * An arrow's twin must see the arrow's lexical `this` and `arguments`, which a generator
 * cannot: the twin is an arrow that runs the generator with its own (lexical) `this`.
 * `(...args) => function* (params) { body }.apply(this, args)`
 */
function lexicalWrapper(emit: Emit, path: NodePath, gen: T.FunctionExpression): T.ArrowFunctionExpression {
  const t = emit.t;
  const args = path.scope.generateUidIdentifier('args');
  const run = t.callExpression(t.memberExpression(gen, t.identifier('apply')), [t.thisExpression(), t.cloneNode(args)]);
  return t.arrowFunctionExpression([t.restElement(args)], run);
}

/** `arguments` in the arrow meant the enclosing function's: the wrapper passes it on. */
function keepLexicalArguments(emit: Emit, wrapper: NodePath<T.ArrowFunctionExpression>, gen: NodePath<T.FunctionExpression>): void {
  const t = emit.t;
  let alias: T.Identifier | undefined;
  gen.traverse({
    Function(p) {
      if (!p.isArrowFunctionExpression()) p.skip();
    },
    Identifier(p) {
      if (p.node.name !== 'arguments' || !p.isReferencedIdentifier()) return;
      alias ??= wrapper.scope.generateUidIdentifier('arguments');
      p.replaceWith(t.cloneNode(alias));
    },
  });
  if (!alias) return;
  const run = wrapper.node.body as T.Expression;
  wrapper.get('body').replaceWith(
    t.blockStatement([
      t.variableDeclaration('const', [t.variableDeclarator(t.cloneNode(alias), t.identifier('arguments'))]),
      t.returnStatement(run),
    ]),
  );
}

const staticBlocks = new WeakMap<T.ClassBody, NodePath<T.StaticBlock>>();

/**
 * A class method's twin is a generator method of the same class, so `super` and private
 * names keep working in it. A static block (first among the static elements, so it runs
 * before any user initialiser) attaches it to the method and removes its temporary key.
 */
function classMethodTwin(emit: Emit, path: NodePath<T.ClassMethod | T.ClassPrivateMethod>): void {
  const t = emit.t;
  const node = path.node;
  const classBody = path.parentPath as NodePath<T.ClassBody>;
  const owner = (): T.Expression =>
    node.static ? t.thisExpression() : t.memberExpression(t.thisExpression(), t.identifier('prototype'));
  const gen = generatorOf(t, node);
  const attach: T.Statement[] = [];
  let method: T.ClassMethod | T.ClassPrivateMethod;
  if (node.type === 'ClassPrivateMethod') {
    if (!node.static) {
      throw path.buildCodeFrameError(
        'greenlet-ts/babel cannot mark a private instance method yet: make it a public or static method, ' +
          'or call a marked function from it.',
      );
    }
    const twinName = t.privateName(t.identifier(`${node.key.id.name}$greenletTwin`));
    method = t.classPrivateMethod('method', twinName, gen.params, gen.body, true);
    attach.push(
      t.expressionStatement(
        emit.protocolCall('twin', [
          t.memberExpression(t.thisExpression(), t.cloneNode(node.key)),
          t.memberExpression(t.thisExpression(), t.cloneNode(twinName)),
        ]),
      ),
    );
  } else {
    const key = emit.twinKey();
    method = t.classMethod('method', key, gen.params, gen.body, false, node.static, true, false);
    attach.push(
      t.expressionStatement(
        emit.protocolCall('twin', [plainMember(emit, path, owner()), t.memberExpression(owner(), t.cloneNode(key), true)]),
      ),
      t.expressionStatement(t.unaryExpression('delete', t.memberExpression(owner(), t.cloneNode(key), true))),
    );
  }
  const [inserted] = path.insertAfter(method);
  let block = staticBlocks.get(classBody.node);
  if (!block) {
    block = classBody.unshiftContainer('body', t.staticBlock([]))[0] as NodePath<T.StaticBlock>;
    staticBlocks.set(classBody.node, block);
  }
  block.pushContainer('body', attach);
  finishTwin(emit, inserted as NodePath<T.Function>);
}

/** `owner.key` for a method; a computed key is saved in a temporary as the class is defined. */
function plainMember(emit: Emit, path: NodePath<T.ClassMethod | T.ClassPrivateMethod | T.ObjectMethod>, owner: T.Expression): T.MemberExpression {
  const t = emit.t;
  const node = path.node;
  const key = node.key;
  if (key.type === 'PrivateName') return t.memberExpression(owner, t.cloneNode(key));
  if (!node.computed) {
    return key.type === 'Identifier'
      ? t.memberExpression(owner, t.identifier(key.name))
      : t.memberExpression(owner, t.cloneNode(key), true);
  }
  if (t.isLiteral(key)) return t.memberExpression(owner, t.cloneNode(key), true);
  const holder = path.parentPath!.parentPath!;
  const temp = emit.temp(holder, 'key');
  node.key = t.assignmentExpression('=', temp, key);
  return t.memberExpression(owner, t.cloneNode(temp), true);
}

/**
 * An object method's twin is a generator method of the same object literal (for `super`);
 * `(_o = { m() {}, *k() {} }, __greenlet.twin(_o.m, _o.k), delete _o.k, _o)`.
 */
function objectMethodTwin(emit: Emit, path: NodePath<T.ObjectMethod>): void {
  const t = emit.t;
  const node = path.node;
  const object = path.parentPath as NodePath<T.ObjectExpression>;
  const gen = generatorOf(t, node);
  const key = emit.twinKey();
  const plain = plainMember(emit, path, t.identifier('_'));
  const [inserted] = path.insertAfter(t.objectMethod('method', key, gen.params, gen.body, false, true, false));
  const twinPath = inserted as NodePath<T.ObjectMethod>;
  const temp = emit.temp(object, 'object');
  plain.object = t.cloneNode(temp);
  const twinRef = t.memberExpression(t.cloneNode(temp), t.cloneNode(key), true);
  object.replaceWith(
    t.sequenceExpression([
      t.assignmentExpression('=', temp, object.node),
      emit.protocolCall('twin', [plain, twinRef]),
      t.unaryExpression('delete', t.cloneNode(twinRef)),
      t.cloneNode(temp),
    ]),
  );
  finishTwin(emit, twinPath);
}

/**
 * A generator's parameter defaults cannot yield: from the first parameter whose default has
 * a suspension point on, parameters are bound in the twin's body instead, in order.
 */
function moveSuspendingParams(emit: Emit, twin: NodePath<T.Function>): void {
  const t = emit.t;
  const params = twin.get('params') as NodePath[];
  const first = params.findIndex(containsYield);
  if (first < 0) return;
  const prologue: T.Statement[] = [];
  const node = twin.node;
  node.params.slice(first).forEach((p, i) => {
    const index = first + i;
    const arg = () => t.memberExpression(t.identifier('arguments'), t.numericLiteral(index), true);
    let target: T.LVal;
    let value: T.Expression;
    if (p.type === 'RestElement') {
      target = p.argument;
      const slice = t.memberExpression(t.memberExpression(t.identifier('Array'), t.identifier('prototype')), t.identifier('slice'));
      value = t.callExpression(t.memberExpression(slice, t.identifier('call')), [t.identifier('arguments'), t.numericLiteral(index)]);
    } else if (p.type === 'AssignmentPattern') {
      target = p.left;
      value = t.conditionalExpression(t.binaryExpression('===', arg(), t.unaryExpression('void', t.numericLiteral(0))), p.right, arg());
    } else {
      target = p as T.LVal;
      value = arg();
    }
    if (target.type === 'Identifier') {
      target.optional = false;
      target.typeAnnotation = null;
    }
    prologue.push(t.variableDeclaration('var', [t.variableDeclarator(target, value)]));
  });
  node.params = node.params.slice(0, first);
  (twin.get('body') as NodePath<T.BlockStatement>).unshiftContainer('body', prologue);
}

function containsYield(path: NodePath): boolean {
  let found = path.isYieldExpression();
  path.traverse({
    Function(p) {
      p.skip();
    },
    YieldExpression(p) {
      found = true;
      p.stop();
    },
  });
  return found;
}
