/**
 * Marked methods of classes and object literals. A method's twin must keep `super` and
 * private-name access, so it lives lexically in the same body, as a sibling generator method:
 *
 *   class C extends B {
 *     static { __greenlet.twin(this.prototype.m, this.prototype["m$greenlet"]); delete this.prototype["m$greenlet"]; }
 *     m(x) { ... }                      // unchanged: the native backend and the main greenlet run it
 *     *["m$greenlet"](x) { ... }        // the twin: same home object, so `super.m` means the same
 *   }
 *
 * The linking static block comes first, so twins are attached before any static initializer
 * runs; the temporary key is deleted again. A private method `#m` cannot be reached from a
 * static block, so its twin is kept in a private static field `#m$greenlet` that call sites in
 * twins use directly (`twin()` makes every twin its own twin). Object literals get the same
 * sibling, linked right after the literal is created.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { asFunctionExpression, isMarkedFunction } from './marks';
import { mentions, type Rewriter, type TwinParts } from './visit';
import { freshTwinKey, privateTwinName, what } from './shared';

export { privateTwinName } from './shared';

function staticName(name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
}

function memberNames(members: readonly TS.Node[]): Set<string> {
  const names = new Set<string>();
  for (const m of members) {
    const n = (m as { name?: TS.PropertyName }).name;
    if (n !== undefined) {
      const s = staticName(n);
      if (s !== undefined) names.add(s);
    }
  }
  return names;
}

function generatorMethod(rw: Rewriter, modifiers: TS.Modifier[] | undefined, name: TS.PropertyName, parts: TwinParts, original: TS.MethodDeclaration): TS.MethodDeclaration {
  const f = rw.f;
  const m = f.createMethodDeclaration(modifiers, f.createToken(ts.SyntaxKind.AsteriskToken), name, undefined, undefined, parts.params, undefined, parts.body);
  ts.setTextRange(m, original);
  ts.setEmitFlags(m, ts.EmitFlags.NoComments); // the original's comments stay with the original
  return m;
}

/** `holder.name` or `holder["name"]`. */
function member(f: TS.NodeFactory, holder: TS.Expression, name: string): TS.Expression {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? f.createPropertyAccessExpression(holder, name) : f.createElementAccessExpression(holder, f.createStringLiteral(name));
}

export function rewriteClass(rw: Rewriter, node: TS.ClassLikeDeclaration): TS.Node {
  const f = rw.f;
  const visited = ts.visitEachChild(node, rw.visit, rw.context);
  const marked = node.members.filter((m): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && isMarkedFunction(m));
  if (marked.length === 0) return visited;
  const taken = memberNames(node.members);
  const fields: TS.ClassElement[] = [];
  const linking: TS.Statement[] = [];
  const twins: TS.ClassElement[] = [];
  const self = () => f.createThis(); // `this` in a static block or static field initializer is the class
  for (const m of marked) {
    const name = staticName(m.name);
    if (name === undefined) {
      rw.reporter.report(m.name, 'notAFunction', what.computedMethod());
      continue;
    }
    const isStatic = (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0;
    const isPrivate = ts.isPrivateIdentifier(m.name);
    if (isPrivate && !isStatic && node.name === undefined) {
      rw.reporter.report(m.name, 'anonymousClassPrivate', name);
      continue;
    }
    const parts = rw.twinParts(m, isPrivate);
    if (parts === undefined) continue; // never suspends: `call` calls it plainly
    const staticMods = isStatic ? [f.createModifier(ts.SyntaxKind.StaticKeyword)] : undefined;
    if (isPrivate && isStatic) {
      // static *#m$greenlet() {}: reachable from the static block as this.#m$greenlet
      const twinName = privateTwinName(name);
      twins.push(generatorMethod(rw, staticMods, f.createPrivateIdentifier(twinName), parts, m));
      const t = f.createPropertyAccessExpression(self(), f.createPrivateIdentifier(twinName));
      linking.push(f.createExpressionStatement(rw.twinCall(t, f.createPropertyAccessExpression(self(), f.createPrivateIdentifier(twinName)))));
      continue;
    }
    const key = freshTwinKey(isPrivate ? name.slice(1) : name, taken);
    twins.push(generatorMethod(rw, staticMods, f.createStringLiteral(key), parts, m));
    const holder = () => (isStatic ? self() : f.createPropertyAccessExpression(self(), 'prototype'));
    const temp = () => f.createElementAccessExpression(holder(), f.createStringLiteral(key));
    if (isPrivate) {
      // static #m$greenlet = __greenlet.twin(this.prototype[key], this.prototype[key]);
      fields.push(f.createPropertyDeclaration([f.createModifier(ts.SyntaxKind.StaticKeyword)], f.createPrivateIdentifier(privateTwinName(name)), undefined, undefined, rw.twinCall(temp(), temp())));
    } else {
      linking.push(f.createExpressionStatement(rw.twinCall(member(f, holder(), name), temp())));
    }
    linking.push(f.createExpressionStatement(f.createDeleteExpression(temp())));
  }
  if (twins.length === 0) return visited;
  const block = linking.length > 0 ? [f.createClassStaticBlockDeclaration(f.createBlock(linking, true))] : [];
  const members = [...fields, ...block, ...visited.members, ...twins];
  return ts.isClassDeclaration(visited)
    ? f.updateClassDeclaration(visited, visited.modifiers, visited.name, visited.typeParameters, visited.heritageClauses, members)
    : f.updateClassExpression(visited as TS.ClassExpression, visited.modifiers, visited.name, visited.typeParameters, visited.heritageClauses, members);
}

export function rewriteObjectLiteral(rw: Rewriter, node: TS.ObjectLiteralExpression): TS.Expression {
  const f = rw.f;
  const isMarkedMethod = (m: TS.Node): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && isMarkedFunction(m);
  if (!node.properties.some((p) => isMarkedMethod(p) || namedFunctionProperty(p) !== undefined)) {
    return ts.visitEachChild(node, rw.visit, rw.context);
  }
  const taken = memberNames(node.properties);
  const obj = f.createUniqueName('_obj');
  const props: TS.ObjectLiteralElementLike[] = [];
  const twins: TS.ObjectLiteralElementLike[] = [];
  const linking: TS.Expression[] = [];
  for (const p of node.properties) {
    const fn = namedFunctionProperty(p);
    if (fn !== undefined) {
      // `m: /** @greenlet */ () => ...` stays as written, so the function is still named 'm';
      // its twin is attached once the object exists.
      const plain = rw.nestedFrame(() => ts.visitEachChild(fn, rw.visit, rw.context), true);
      const twin = rw.twinFunction(fn);
      const prop = p as TS.PropertyAssignment;
      props.push(f.updatePropertyAssignment(prop, prop.name, plain));
      if (twin !== undefined) linking.push(rw.twinCall(member(f, obj, staticName(prop.name)!), twin));
      continue;
    }
    props.push(ts.visitNode(p, rw.visit, ts.isObjectLiteralElementLike)!);
    if (!isMarkedMethod(p)) continue;
    const name = staticName(p.name);
    if (name === undefined) {
      rw.reporter.report(p.name, 'notAFunction', what.computedMethod());
      continue;
    }
    const parts = rw.nestedFrame(() => rw.twinParts(p, false));
    if (parts === undefined) continue;
    const key = freshTwinKey(name, taken);
    twins.push(generatorMethod(rw, undefined, f.createStringLiteral(key), parts, p));
    const temp = () => f.createElementAccessExpression(obj, f.createStringLiteral(key));
    linking.push(rw.twinCall(member(f, obj, name), temp()), f.createDeleteExpression(temp()));
  }
  const literal = f.updateObjectLiteralExpression(node, [...props, ...twins]);
  if (linking.length === 0) return literal;
  // ((_obj) => (__greenlet.twin(_obj.m, _obj["m$greenlet"]), delete _obj["m$greenlet"], _obj))({ ... })
  const link = f.createArrowFunction(undefined, undefined, [f.createParameterDeclaration(undefined, undefined, obj)], undefined, f.createToken(ts.SyntaxKind.EqualsGreaterThanToken), f.createParenthesizedExpression(f.createCommaListExpression([...linking, obj])));
  return ts.setTextRange(f.createCallExpression(f.createParenthesizedExpression(link), undefined, [literal]), node);
}

/** `name: <marked function>` with a static name, whose function does not refer to itself by its own name. */
function namedFunctionProperty(p: TS.ObjectLiteralElementLike): TS.FunctionExpression | TS.ArrowFunction | undefined {
  if (!ts.isPropertyAssignment(p) || staticName(p.name) === undefined || ts.isPrivateIdentifier(p.name)) return undefined;
  const fn = asFunctionExpression(p.initializer);
  if (fn === undefined || !isMarkedFunction(fn)) return undefined;
  if (ts.isFunctionExpression(fn) && fn.name !== undefined && mentions(fn, fn.name.text)) return undefined;
  return fn;
}
