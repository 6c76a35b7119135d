/**
 * Finding `@greenlet` tags in Babel's AST. Babel attaches a comment to the outermost node
 * that follows it (`export`, a variable statement, a property…), so a tag is read from the
 * leading comments of its host and followed to the function(s) it marks, with the same rules
 * as the TypeScript transformer (transformer/shared/rules.ts).
 */
import type { NodePath, types as T } from '@babel/core';
import { commentHasGreenletTag, type TaggedThing } from '../transformer/shared';
import { what } from '../transformer/shared/what';

export type MarkableFunction =
  | T.FunctionDeclaration
  | T.FunctionExpression
  | T.ArrowFunctionExpression
  | T.ObjectMethod
  | T.ClassMethod
  | T.ClassPrivateMethod;

/** `extra` survives `t.cloneNode`, so copies of a marked function (inside twins) stay known as marked. */
const MARK = 'greenletMarked';

export function setMarked(node: T.Node): void {
  node.extra = { ...node.extra, [MARK]: true };
}

export function isMarked(node: T.Node): boolean {
  return node.extra?.[MARK] === true;
}

/** Babel keeps a comment's text without its delimiters. */
export function isTagComment(c: T.Comment): boolean {
  return c.type === 'CommentBlock' && commentHasGreenletTag(`/*${c.value}*/`);
}

/** Parentheses and type assertions around a function expression do not change what it is. */
export function unwrapExpression(node: T.Node): T.Node {
  while (
    node.type === 'ParenthesizedExpression' ||
    node.type === 'TSAsExpression' ||
    node.type === 'TSSatisfiesExpression' ||
    node.type === 'TSTypeAssertion'
  ) {
    node = node.expression;
  }
  return node;
}

function functionExpressionPath(path: NodePath | NodePath[] | null | undefined): NodePath<T.FunctionExpression | T.ArrowFunctionExpression> | undefined {
  if (!path || Array.isArray(path) || !path.node) return undefined;
  let p = path;
  while (p.isParenthesizedExpression() || p.isTSAsExpression() || p.isTSSatisfiesExpression() || p.isTSTypeAssertion()) {
    p = p.get('expression') as NodePath;
  }
  return p.isFunctionExpression() || p.isArrowFunctionExpression() ? p : undefined;
}

const nameOf = (key: T.Node): string | undefined =>
  key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : key.type === 'PrivateName' ? `#${key.id.name}` : undefined;

function describeFunction(node: T.Node): TaggedThing {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return { kind: 'function', generator: node.generator === true, async: node.async === true };
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      if (node.kind === 'constructor') return { kind: 'constructor' };
      if (node.kind === 'get' || node.kind === 'set') return { kind: 'accessor' };
      return { kind: 'method', generator: node.generator === true, async: node.async === true };
    default:
      return { kind: 'signature' };
  }
}

/** A property or variable with an initialiser (or a declared function type). */
function describeDeclaration(name: T.Node, value: T.Node | null | undefined, typeAnnotation?: T.Node | null): TaggedThing {
  const fn = value ? unwrapExpression(value) : undefined;
  if (fn && (fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression')) return describeFunction(fn);
  if (!value && typeAnnotation?.type === 'TSTypeAnnotation' && isFunctionType(typeAnnotation.typeAnnotation)) return { kind: 'signature' };
  return { kind: 'other', what: what.declaration(nameOf(name)) };
}

function isFunctionType(t: T.Node): boolean {
  return (
    t.type === 'TSFunctionType' ||
    t.type === 'TSTypeLiteral' ||
    t.type === 'TSTypeReference' ||
    (t.type === 'TSParenthesizedType' && isFunctionType(t.typeAnnotation))
  );
}

/**
 * What a tag on `path` sits on, for the marking rules; `undefined` for nodes that are no tag
 * host (the TypeScript transformer ignores a tag there too).
 */
export function describeHost(path: NodePath): TaggedThing | undefined {
  const node = path.node;
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
    case 'TSDeclareFunction':
    case 'TSDeclareMethod':
    case 'TSMethodSignature':
    case 'TSPropertySignature':
      return describeFunction(node);
    case 'VariableDeclaration': {
      const things = node.declarations.map((d) => describeDeclaration(d.id, d.init, (d.id as T.Identifier).typeAnnotation));
      return things.find((t) => t.kind === 'other') ?? things[0] ?? { kind: 'other', what: what.statement() };
    }
    case 'VariableDeclarator':
      return describeDeclaration(node.id, node.init, (node.id as T.Identifier).typeAnnotation);
    case 'ObjectProperty':
      if (node.shorthand && node.key.type === 'Identifier') return { kind: 'other', what: what.shorthandProperty(node.key.name) };
      return describeDeclaration(node.key, node.value);
    case 'ClassProperty':
    case 'ClassPrivateProperty':
      return describeDeclaration(node.key, node.value, node.typeAnnotation);
    case 'ClassDeclaration':
    case 'ClassExpression':
      return { kind: 'other', what: what.class(node.id?.name) };
    case 'TSInterfaceDeclaration':
      return { kind: 'other', what: what.interface(node.id.name) };
    case 'TSTypeAliasDeclaration':
      return { kind: 'other', what: what.type(node.id.name) };
    case 'TSEnumDeclaration':
      return { kind: 'other', what: what.enum(node.id.name) };
    case 'TSModuleDeclaration':
      return { kind: 'other', what: what.namespace() };
    case 'ExportNamedDeclaration':
      return node.declaration ? describeHost(path.get('declaration') as NodePath) : undefined;
    case 'ExportDefaultDeclaration': {
      const decl = path.get('declaration') as NodePath;
      if (functionExpressionPath(decl)) return describeFunction(unwrapExpression(decl.node));
      return describeHost(decl) ?? { kind: 'other', what: what.defaultExport() };
    }
    default:
      return undefined;
  }
}

/** The functions a tag on `path` marks (each still to be checked against the rules). */
export function taggedFunctions(path: NodePath): NodePath[] {
  const node = path.node;
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      return [path];
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'VariableDeclarator':
    case 'ObjectProperty':
    case 'ClassProperty':
    case 'ClassPrivateProperty': {
      const inner = path.get(node.type === 'VariableDeclarator' ? 'init' : node.type.startsWith('Class') || node.type === 'ObjectProperty' ? 'value' : 'expression');
      const fn = functionExpressionPath(inner as NodePath);
      return fn ? [fn] : [];
    }
    case 'VariableDeclaration':
      return (path.get('declarations') as NodePath[]).flatMap(taggedFunctions);
    case 'ExpressionStatement': {
      // `/** @greenlet */ exports.f = function () {}`: the tag is before the assignment's target.
      const e = path.get('expression') as NodePath;
      if (!e.isAssignmentExpression({ operator: '=' })) return [];
      const fn = functionExpressionPath(e.get('right') as NodePath);
      return fn ? [fn] : [];
    }
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration': {
      const decl = path.get('declaration') as NodePath;
      return decl.node ? (functionExpressionPath(decl) ? [functionExpressionPath(decl)!] : taggedFunctions(decl)) : [];
    }
    default:
      return [];
  }
}

/**
 * A tag on an overload signature marks the implementation that follows it (as in the
 * TypeScript transformer): `/** @greenlet *\/ function f(x: number): number; function f(x) {…}`.
 */
export function overloadImplementation(path: NodePath): NodePath | undefined {
  const statement = path.parentPath?.isExportNamedDeclaration() ? path.parentPath : path;
  const name = (n: T.Node | null | undefined): string | undefined => {
    if (!n) return undefined;
    if (n.type === 'ExportNamedDeclaration') return name(n.declaration);
    if (n.type === 'TSDeclareFunction' || n.type === 'FunctionDeclaration') return n.id?.name;
    if ((n.type === 'TSDeclareMethod' || n.type === 'ClassMethod') && !n.computed && n.key.type === 'Identifier') return `${n.static ? 'static ' : ''}${n.key.name}`;
    return undefined;
  };
  const own = name(path.node);
  if (own === undefined || !(path.isTSDeclareFunction() || path.isTSDeclareMethod())) return undefined;
  for (let next = statement.getSibling((statement.key as number) + 1); next.node; next = next.getSibling((next.key as number) + 1)) {
    if (name(next.node) !== own) return undefined;
    const fn = next.isExportNamedDeclaration() ? (next.get('declaration') as NodePath) : next;
    if (fn.isFunctionDeclaration() || fn.isClassMethod()) return fn;
  }
  return undefined;
}

/** A key JavaScript names a function value after: `name`, `"name"`, `1`, `#name`. */
export function staticKeyName(key: T.Node, computed: boolean): string | undefined {
  if (key.type === 'PrivateName') return `#${key.id.name}`;
  if (computed && key.type !== 'StringLiteral' && key.type !== 'NumericLiteral') return undefined;
  if (key.type === 'Identifier' && !computed) return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  return undefined;
}

/** Whether a named function expression refers to itself by its name (then it needs its own wrapping). */
export function selfNamed(path: NodePath<T.FunctionExpression | T.ArrowFunctionExpression>): boolean {
  const node = path.node;
  return node.type === 'FunctionExpression' && !!node.id && !!path.scope.getOwnBinding(node.id.name)?.referenced;
}

/**
 * `name: <marked function>` in an object literal, with a static name and not referring to itself:
 * the property stays as written (so the function is named 'name') and the object literal
 * attaches its twin once the object exists.
 */
export function isNamedPropertyValue(path: NodePath<T.FunctionExpression | T.ArrowFunctionExpression>): boolean {
  let p: NodePath = path;
  while (p.parentPath?.isParenthesizedExpression() || p.parentPath?.isTSAsExpression() || p.parentPath?.isTSSatisfiesExpression() || p.parentPath?.isTSTypeAssertion()) p = p.parentPath;
  const prop = p.parentPath;
  if (!prop?.isObjectProperty() || prop.node.value !== p.node || prop.node.key.type === 'PrivateName') return false;
  return staticKeyName(prop.node.key, prop.node.computed) !== undefined && !selfNamed(path);
}
