/**
 * Marked methods of classes and object literals, in the TypeScript transformer's shape
 * (transformer/members.ts). A method's twin must keep `super` and private-name access, so it
 * is a sibling generator method:
 *
 *   class C extends B {
 *     static { __greenlet.twin(this.prototype.m, this.prototype["m$greenlet"]); delete this.prototype["m$greenlet"]; }
 *     m(x) { ... }
 *     *"m$greenlet"(x) { ... }
 *   }
 *
 * The linking static block comes first, so twins are attached before any static initialiser
 * runs. A private method `#m` cannot be reached from a static block: its twin is kept in a
 * private static `#m$greenlet` that call sites in twins use directly. Object literals get the
 * same sibling, linked by `((_obj) => (__greenlet.twin(_obj.m, _obj["m$greenlet"]), delete _obj["m$greenlet"], _obj))({...})`.
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';
import { TWIN_HELPER } from '../transformer/shared';
import { isMarked, isNamedPropertyValue, staticKeyName } from './marks';
import { errorAt } from './report';
import { hasSuspensionPoint } from './classify';
import { copyOf, find, finishFunctionTwin, finishTwin, generator } from './twin';
import { what } from '../transformer/shared/what';
import { freshTwinKey, privateTwinName } from '../transformer/shared/twin-keys';

type Method = T.ClassMethod | T.ClassPrivateMethod | T.ObjectMethod;

const COMPUTED = what.computedMethod();

function staticName(node: T.Node): string | undefined {
  if (node.type === 'ClassPrivateMethod' || node.type === 'ClassPrivateProperty') return `#${node.key.id.name}`;
  if (!('key' in node) || ('computed' in node && node.computed)) return undefined;
  const key = node.key;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  return undefined;
}

function memberNames(members: readonly T.Node[]): Set<string> {
  const names = new Set<string>();
  for (const m of members) {
    const n = staticName(m);
    if (n !== undefined) names.add(n);
  }
  return names;
}

/** `holder.name` or `holder["name"]`. */
function member(t: typeof T, holder: T.Expression, name: string): T.MemberExpression {
  return /^[A-Za-z_$][\w$]*$/.test(name)
    ? t.memberExpression(holder, t.identifier(name))
    : t.memberExpression(holder, t.stringLiteral(name), true);
}

function markedMethods(members: NodePath[]): NodePath<Method>[] {
  return members.filter(
    (m): m is NodePath<Method> => (m.isClassMethod() || m.isClassPrivateMethod() || m.isObjectMethod()) && isMarked(m.node),
  );
}

export function hasMarkedMethods(path: NodePath<T.Class> | NodePath<T.ObjectExpression>): boolean {
  const members: T.Node[] = path.isClass() ? path.node.body.body : (path.node as T.ObjectExpression).properties;
  if (members.some((m) => (m.type === 'ClassMethod' || m.type === 'ClassPrivateMethod' || m.type === 'ObjectMethod') && isMarked(m))) return true;
  return !path.isClass() && (path as NodePath<T.ObjectExpression>).get('properties').some((p) => namedFunctionProperty(p) !== undefined);
}

/** `name: <marked function>` whose twin the object literal attaches (see marks.ts). */
function namedFunctionProperty(p: NodePath): NodePath<T.FunctionExpression | T.ArrowFunctionExpression> | undefined {
  if (!p.isObjectProperty()) return undefined;
  let value = p.get('value') as NodePath;
  while (value.isParenthesizedExpression() || value.isTSAsExpression() || value.isTSSatisfiesExpression() || value.isTSTypeAssertion()) {
    value = value.get('expression') as NodePath;
  }
  if (!(value.isFunctionExpression() || value.isArrowFunctionExpression()) || !isMarked(value.node) || !isNamedPropertyValue(value)) return undefined;
  return value;
}

export function emitClassTwins(emit: Emit, cls: NodePath<T.Class>): void {
  const t = emit.t;
  const body = cls.get('body');
  const taken = memberNames(body.node.body);
  const fields: T.ClassPrivateProperty[] = [];
  const linking: T.Statement[] = [];
  const twins: (T.ClassMethod | T.ClassPrivateMethod)[] = [];
  const self = () => t.thisExpression(); // `this` in a static block or static field initialiser is the class
  for (const m of markedMethods(body.get('body'))) {
    const node = m.node as T.ClassMethod | T.ClassPrivateMethod;
    const name = staticName(node);
    if (name === undefined) throw errorAt(m.get('key') as NodePath, 'notAFunction', COMPUTED);
    const isPrivate = node.type === 'ClassPrivateMethod';
    if (isPrivate && !node.static && !cls.node.id) throw errorAt(m.get('key') as NodePath, 'anonymousClassPrivate', name);
    if (!hasSuspensionPoint(emit.helper, m)) continue; // never suspends: `call` calls it plainly
    const { params, body: block } = copyOf(t, node);
    const twinCall = (fn: T.Expression, gen: T.Expression) => t.expressionStatement(emit.protocolCall(TWIN_HELPER, [fn, gen]));
    if (isPrivate && node.static) {
      // static *#m$greenlet() {}: reachable from the static block as this.#m$greenlet
      const twinName = () => t.privateName(t.identifier(privateTwinName(name).slice(1)));
      const twin = t.classPrivateMethod('method', twinName(), params, block, true);
      twin.generator = true;
      twins.push(twin);
      linking.push(twinCall(t.memberExpression(self(), twinName()), t.memberExpression(self(), twinName())));
      continue;
    }
    const key = freshTwinKey(isPrivate ? name.slice(1) : name, taken);
    twins.push(t.classMethod('method', t.stringLiteral(key), params, block, false, node.static, true, false));
    const holder = () => (node.static ? self() : t.memberExpression(self(), t.identifier('prototype')));
    const temp = () => t.memberExpression(holder(), t.stringLiteral(key), true);
    if (isPrivate) {
      // static #m$greenlet = __greenlet.twin(this.prototype[key], this.prototype[key]);
      const field = t.classPrivateProperty(t.privateName(t.identifier(privateTwinName(name).slice(1))), emit.protocolCall(TWIN_HELPER, [temp(), temp()]), null, true);
      fields.push(field);
    } else {
      linking.push(twinCall(member(t, holder(), name), temp()));
    }
    linking.push(t.expressionStatement(t.unaryExpression('delete', temp())));
  }
  if (twins.length === 0) return;
  body.unshiftContainer('body', [...fields, ...(linking.length > 0 ? [t.staticBlock(linking)] : [])]);
  for (const p of body.pushContainer('body', twins)) finishTwin(emit, p as NodePath<T.Function>);
}

export function emitObjectTwins(emit: Emit, object: NodePath<T.ObjectExpression>): void {
  const t = emit.t;
  const taken = memberNames(object.node.properties);
  const obj = object.scope.generateUidIdentifier('obj');
  const twins: T.ObjectMethod[] = [];
  const linking: T.Expression[] = [];
  const functionTwins: { gen: T.FunctionExpression; arrow: boolean }[] = [];
  for (const p of object.get('properties')) {
    // `m: /** @greenlet */ () => ...` stays as written, so the function is still named 'm'.
    const fn = namedFunctionProperty(p);
    if (!fn || !hasSuspensionPoint(emit.helper, fn)) continue;
    const prop = p.node as T.ObjectProperty;
    const gen = generator(emit, fn.node);
    functionTwins.push({ gen, arrow: fn.isArrowFunctionExpression() });
    linking.push(emit.protocolCall(TWIN_HELPER, [member(t, t.cloneNode(obj), staticKeyName(prop.key, prop.computed)!), gen]));
  }
  for (const m of markedMethods(object.get('properties'))) {
    const name = staticName(m.node);
    if (name === undefined) throw errorAt(m.get('key') as NodePath, 'notAFunction', COMPUTED);
    if (!hasSuspensionPoint(emit.helper, m)) continue;
    const key = freshTwinKey(name, taken);
    const { params, body } = copyOf(t, m.node);
    twins.push(t.objectMethod('method', t.stringLiteral(key), params, body, false, true, false));
    const temp = () => t.memberExpression(t.cloneNode(obj), t.stringLiteral(key), true);
    linking.push(emit.protocolCall(TWIN_HELPER, [member(t, t.cloneNode(obj), name), temp()]), t.unaryExpression('delete', temp()));
  }
  if (linking.length === 0) return;
  const literal = object.node;
  literal.properties.push(...twins);
  const link = t.arrowFunctionExpression([obj], t.sequenceExpression([...linking, t.cloneNode(obj)]));
  const [replaced] = object.replaceWith(t.callExpression(link, [literal]));
  for (const twin of twins) finishTwin(emit, find(replaced, twin));
  for (const { gen, arrow } of functionTwins) finishFunctionTwin(emit, replaced, gen, arrow);
}
