/**
 * The rewriter of one source file. Outside twins it only looks for marked functions and gives
 * each one a generator twin; inside a twin it turns suspension points into
 * calls driven at the site, which yield only when the call suspended (calls.ts `suspension`). Nested functions are separate frames: an
 * unmarked one is left as it is (with a warning when it could switch), a marked one gets its own twin.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { Classifier, Verdict } from './classify';
import { Reporter } from './diagnostics';
import { asFunctionExpression, isMarkedFunction, type FunctionNode } from './marks';
import { Temps } from './temps';
import { rewriteCall, rewriteTaggedTemplate, isChainLink, lowerChain, chainSuspends } from './calls';
import { twinParameters } from './params';
import { captureLexical } from './lexical';
import { rewriteClass, rewriteObjectLiteral } from './members';
import { siteConstant, TWIN_HELPER, type IterationHelper, type ProtocolHelper, type SiteConstant } from './shared';
import { lowerForOf } from './for-of';
import { iterationSuspends } from './classify';

export interface TwinParts {
  params: TS.ParameterDeclaration[];
  body: TS.Block;
}

export class Rewriter {
  readonly f: TS.NodeFactory;
  usedProtocol = false;

  // The state of the function being visited; saved and restored around nested functions.
  /** Inside a twin's own body: suspension points are rewritten. */
  inTwin = false;
  /** Inside an unmarked function nested in a twin: calls that switch get a warning. */
  warnCallbacks = false;
  temps: Temps | undefined;
  /** Suspension points emitted in the current twin. */
  suspensions = 0;
  /** Twin attachments of marked function declarations of the statement list being visited. */
  hoisted: TS.Statement[] | undefined;

  constructor(
    readonly context: TS.TransformationContext,
    readonly file: TS.SourceFile,
    readonly classifier: Classifier,
    readonly checker: TS.TypeChecker,
    readonly reporter: Reporter,
    private readonly namespace: string,
  ) {
    this.f = context.factory;
  }

  /** `__greenlet.twin`, `__greenlet.call`, … */
  helper(name: ProtocolHelper | IterationHelper): TS.Expression {
    this.usedProtocol = true;
    return this.f.createPropertyAccessExpression(this.f.createIdentifier(this.namespace), name);
  }

  /** `__greenlet_twin`, …: the module's constant for a protocol value (index.ts declares them). */
  siteConstant(key: SiteConstant): TS.Identifier {
    this.usedProtocol = true;
    return this.f.createIdentifier(siteConstant(this.namespace, key));
  }

  visit = (node: TS.Node): TS.VisitResult<TS.Node | undefined> => {
    const f = this.f;
    switch (node.kind) {
      case ts.SyntaxKind.Block:
        return f.updateBlock(node as TS.Block, this.statements((node as TS.Block).statements));
      case ts.SyntaxKind.ModuleBlock:
        return f.updateModuleBlock(node as TS.ModuleBlock, this.statements((node as TS.ModuleBlock).statements));
      case ts.SyntaxKind.CaseClause: {
        const c = node as TS.CaseClause;
        return f.updateCaseClause(c, ts.visitNode(c.expression, this.visit, ts.isExpression)!, this.statements(c.statements));
      }
      case ts.SyntaxKind.DefaultClause:
        return f.updateDefaultClause(node as TS.DefaultClause, this.statements((node as TS.DefaultClause).statements));
      case ts.SyntaxKind.FunctionDeclaration:
        return this.functionDeclaration(node as TS.FunctionDeclaration);
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
        return this.functionExpression(node as TS.FunctionExpression | TS.ArrowFunction);
      case ts.SyntaxKind.PropertyDeclaration: {
        const field = this.markedField(node as TS.PropertyDeclaration);
        if (field !== undefined) return field;
        return this.nestedFrame(() => ts.visitEachChild(node, this.visit, this.context));
      }
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.ClassStaticBlockDeclaration:
        // Separate frames (a field initializer runs in the constructor); marked methods get
        // their twins from the class or object literal that holds them.
        return this.nestedFrame(() => ts.visitEachChild(node, this.visit, this.context), isMarkedFunction(node));
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
        return this.nestedFrame(() => rewriteClass(this, node as TS.ClassLikeDeclaration));
      case ts.SyntaxKind.ObjectLiteralExpression:
        return rewriteObjectLiteral(this, node as TS.ObjectLiteralExpression);
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.LabeledStatement: {
        // A for-of whose next() may suspend: explicit calls (for-of.ts), its labels on the new loop.
        if (this.warnCallbacks && ts.isForOfStatement(node) && this.classifier.iteration(node).next === Verdict.Marked) {
          this.reporter.report(node.expression, 'callbackCannotSuspend', `${node.expression.getText(this.file)}[Symbol.iterator]().next`);
        }
        if (!this.inTwin) break;
        const labels: TS.Identifier[] = [];
        let loop: TS.Statement = node as TS.Statement;
        while (ts.isLabeledStatement(loop)) {
          labels.push(loop.label);
          loop = loop.statement;
        }
        if (!ts.isForOfStatement(loop)) break;
        const info = this.classifier.iteration(loop);
        if (!iterationSuspends(info)) break;
        return lowerForOf(this, loop, labels, info);
      }
      case ts.SyntaxKind.CallExpression:
        if (this.inTwin) return this.call(node as TS.CallExpression);
        if (this.warnCallbacks) this.warnIfSwitches(node as TS.CallExpression);
        break;
      case ts.SyntaxKind.TaggedTemplateExpression: {
        if (!this.inTwin && !this.warnCallbacks) break; // plain code: nothing to decide
        const t = node as TS.TaggedTemplateExpression;
        const verdict = this.classifier.taggedTemplate(t).verdict;
        if (this.inTwin && verdict !== Verdict.Plain) {
          this.suspensions++;
          return rewriteTaggedTemplate(this, t);
        }
        if (this.warnCallbacks && verdict === Verdict.Marked) this.reporter.report(t, 'callbackCannotSuspend', t.tag.getText(this.file));
        break;
      }
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
      case ts.SyntaxKind.NonNullExpression:
        if (this.inTwin && isChainLink(node) && isOutermostLink(node) && chainSuspends(this, node as TS.Expression)) {
          return lowerChain(this, node as TS.Expression);
        }
        break;
    }
    return ts.visitEachChild(node, this.visit, this.context);
  };

  visitExpression(e: TS.Expression): TS.Expression {
    return ts.visitNode(e, this.visit, ts.isExpression) as TS.Expression;
  }

  private call(node: TS.CallExpression): TS.VisitResult<TS.Node> {
    if (isChainLink(node)) {
      // Part of an optional chain: the whole chain is rewritten at its outermost link.
      if (isOutermostLink(node) && chainSuspends(this, node)) return lowerChain(this, node);
      return ts.visitEachChild(node, this.visit, this.context);
    }
    const info = this.classifier.call(node);
    if (info.verdict === Verdict.Plain) return ts.visitEachChild(node, this.visit, this.context);
    this.suspensions++;
    return rewriteCall(this, node, info);
  }

  private warnIfSwitches(node: TS.CallExpression): void {
    if (this.classifier.call(node).verdict === Verdict.Marked) {
      this.reporter.report(node, 'callbackCannotSuspend', node.expression.getText(this.file));
    }
  }

  /**
   * Runs `fn` as a visit of a separate frame: a nested function or class is no part of the twin.
   * The plain body of a marked function is never warned about: its twin is what cps runs.
   */
  nestedFrame<T>(fn: () => T, marked = false): T {
    const { inTwin, warnCallbacks, temps, suspensions } = this;
    this.warnCallbacks = !marked && (inTwin || warnCallbacks);
    this.inTwin = false;
    this.temps = undefined;
    try {
      return fn();
    } finally {
      Object.assign(this, { inTwin, warnCallbacks, temps, suspensions });
    }
  }

  /** A statement list: marked function declarations get their twins attached first, as they are hoisted. */
  statements(list: TS.NodeArray<TS.Statement>): TS.Statement[] {
    const saved = this.hoisted;
    const hoisted: TS.Statement[] = (this.hoisted = []);
    const out: TS.Statement[] = [];
    try {
      for (const s of list) {
        if (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => splittable(d))) {
          out.push(...this.variableStatement(s));
          continue;
        }
        const r = ts.visitNode(s, this.visit);
        if (r === undefined) continue;
        if (Array.isArray(r)) out.push(...(r as TS.Statement[]));
        else out.push(r as TS.Statement);
      }
    } finally {
      this.hoisted = saved;
    }
    if (hoisted.length === 0) return out;
    // Right after "use strict" (and, in a source file, the protocol import index.ts puts there),
    // before any other statement — imports too, as a module that imports this one circularly
    // may call it while its imports load: a function declaration can be called before the line
    // that declares it (hoisting), so its twin must be there too. Twins refer to nothing else
    // until they run.
    let at = 0;
    while (at < out.length && isPrologue(out[at]!)) at++;
    out.splice(at, 0, ...hoisted);
    return out;
  }

  private functionDeclaration(node: TS.FunctionDeclaration): TS.VisitResult<TS.Node> {
    const marked = isMarkedFunction(node);
    let plain = this.nestedFrame(() => ts.visitEachChild(node, this.visit, this.context), marked);
    if (!marked) return plain;
    let name = node.name;
    if (name === undefined) {
      // `export default function () {}`: a name to attach the twin to (CommonJS output names it anyway).
      // The name TypeScript's own module transforms give it, so both refer to one function.
      name = this.f.getGeneratedNameForNode(node);
      plain = this.f.updateFunctionDeclaration(plain, plain.modifiers, plain.asteriskToken, name, plain.typeParameters, plain.parameters, plain.type, plain.body);
    }
    const twin = this.twinFunction(node);
    if (twin === undefined) return plain;
    const attach = this.attach(this.reference(name), twin, node);
    if (this.hoisted === undefined) return [plain, attach];
    this.hoisted.push(attach);
    return plain;
  }

  private functionExpression(node: TS.FunctionExpression | TS.ArrowFunction): TS.Expression {
    const marked = isMarkedFunction(node);
    const plain = this.nestedFrame(() => ts.visitEachChild(node, this.visit, this.context), marked);
    if (!marked) return plain;
    const twin = this.twinFunction(node);
    if (twin === undefined) return plain;
    const f = this.f;
    if (ts.isFunctionExpression(node) && node.name !== undefined && mentions(node, node.name.text)) {
      // A named function expression sees its own name; the twin must see the same function:
      // ((fact) => twin(fact, function* (n) { ... fact ... }))(function fact(n) { ... })
      const param = f.createParameterDeclaration(undefined, undefined, node.name.text);
      const link = f.createArrowFunction(undefined, undefined, [param], undefined, f.createToken(ts.SyntaxKind.EqualsGreaterThanToken), this.twinCall(f.createIdentifier(node.name.text), twin));
      return f.createCallExpression(f.createParenthesizedExpression(link), undefined, [plain]);
    }
    return ts.setTextRange(this.twinCall(plain, twin), node);
  }

  /**
   * `const step = /** @greenlet *\/ (x) => ...`: the declaration stays as written, so the
   * function keeps the name JavaScript infers from it, and the twin is attached right after it.
   */
  private variableStatement(s: TS.VariableStatement): TS.Statement[] {
    const f = this.f;
    const out: TS.Statement[] = [];
    let group: TS.VariableDeclaration[] = [];
    const flush = () => {
      if (group.length === 0) return;
      const list = f.createVariableDeclarationList(group, s.declarationList.flags);
      const stmt = out.length === 0 ? f.updateVariableStatement(s, s.modifiers, ts.setTextRange(list, s.declarationList)) : f.createVariableStatement(s.modifiers, list);
      out.push(stmt);
      group = [];
    };
    for (const d of s.declarationList.declarations) {
      if (!splittable(d)) {
        group.push(ts.visitNode(d, this.visit, ts.isVariableDeclaration)!);
        continue;
      }
      const fn = asFunctionExpression(d.initializer)!;
      const plain = this.nestedFrame(() => ts.visitEachChild(fn, this.visit, this.context), true);
      const twin = this.twinFunction(fn);
      group.push(f.updateVariableDeclaration(d, d.name, d.exclamationToken, d.type, plain));
      if (twin !== undefined) {
        flush();
        out.push(this.attach(this.reference(d.name as TS.Identifier), twin, fn));
      }
    }
    flush();
    return out;
  }

  /**
   * `h = /** @greenlet *\/ (x) => ...` in a class: the field's function is made as the value of
   * a property of the same name, `__greenlet.twin({ h: (x) => ... }.h, twin)`, so it is still
   * named 'h' (or '#h') as JavaScript names a field's function. The initializer runs per
   * instance with the instance as `this`, which the arrow and its twin both see.
   */
  private markedField(node: TS.PropertyDeclaration): TS.PropertyDeclaration | undefined {
    const fn = asFunctionExpression(node.initializer);
    if (fn === undefined || !isMarkedFunction(fn)) return undefined;
    if (ts.isFunctionExpression(fn) && fn.name !== undefined) return undefined; // named: nothing to infer
    const name = ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : undefined;
    if (name === undefined) return undefined;
    return this.nestedFrame(() => {
      const f = this.f;
      const plain = this.nestedFrame(() => ts.visitEachChild(fn, this.visit, this.context), true);
      const twin = this.twinFunction(fn);
      const modifiers = ts.visitNodes(node.modifiers, this.visit, ts.isModifierLike);
      if (twin === undefined) return f.updatePropertyDeclaration(node, modifiers, node.name, node.questionToken ?? node.exclamationToken, node.type, plain);
      const named = f.createElementAccessExpression(f.createObjectLiteralExpression([f.createPropertyAssignment(f.createStringLiteral(name), plain)]), f.createStringLiteral(name));
      return f.updatePropertyDeclaration(node, modifiers, node.name, node.questionToken ?? node.exclamationToken, node.type, this.twinCall(named, twin));
    });
  }

  /** A reference to a declared name that TypeScript's module transforms still recognise (`exports.f`). */
  reference(name: TS.Identifier): TS.Identifier {
    if (!(name.pos >= 0)) return name; // synthesized (e.g. a unique name): use the node itself
    const id = this.f.createIdentifier(name.text);
    ts.setOriginalNode(id, name);
    return id;
  }

  twinCall(fn: TS.Expression, twin: TS.Expression): TS.CallExpression {
    return this.f.createCallExpression(this.helper(TWIN_HELPER), undefined, [fn, twin]);
  }

  /** `__greenlet.twin(fn, function* () {...});` */
  attach(fn: TS.Expression, twin: TS.Expression, original: TS.Node): TS.Statement {
    const stmt = this.f.createExpressionStatement(this.twinCall(fn, twin));
    ts.setTextRange(stmt, original);
    ts.setEmitFlags(stmt, ts.EmitFlags.NoComments);
    return stmt;
  }

  /** The generator twin of a function declaration, expression or arrow, or undefined when it never suspends. */
  twinFunction(fn: TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction): TS.Expression | undefined {
    const parts = this.twinParts(fn, false);
    if (parts === undefined) return undefined;
    const f = this.f;
    let gen: TS.FunctionExpression = f.createFunctionExpression(undefined, f.createToken(ts.SyntaxKind.AsteriskToken), undefined, undefined, parts.params, undefined, parts.body);
    ts.setTextRange(gen, fn);
    ts.setCommentRange(gen, { pos: -1, end: -1 }); // no copy of the original's comments
    // An arrow's `this`, `arguments`, `super` and `new.target` are those around it.
    let twin = ts.isArrowFunction(fn) ? captureLexical(this, gen, fn) : gen;
    const name = functionName(fn);
    if (twin === gen && name !== undefined) twin = namedTwin(f, name, gen);
    // Comments around the original (e.g. the next function's JSDoc) stay with the original.
    return ts.setEmitFlags(twin, ts.EmitFlags.NoComments);
  }

  /**
   * Parameters and body of a twin: the function's own body with suspension points rewritten.
   * Undefined when there is none and `force` is off: `call` then calls the plain function.
   */
  twinParts(fn: FunctionNode, force: boolean): TwinParts | undefined {
    const saved = { inTwin: this.inTwin, warnCallbacks: this.warnCallbacks, temps: this.temps, suspensions: this.suspensions, hoisted: this.hoisted };
    this.inTwin = true;
    this.warnCallbacks = false;
    const temps = (this.temps = new Temps(this.f));
    this.suspensions = 0;
    this.hoisted = undefined;
    try {
      const f = this.f;
      const { params, prologue } = twinParameters(this, fn);
      const body = fn.body!;
      let statements: TS.Statement[];
      if (ts.isBlock(body)) {
        statements = this.statements(body.statements);
      } else {
        const ret = f.createReturnStatement(this.visitExpression(body));
        statements = [ts.setTextRange(ret, body)];
      }
      if (this.suspensions === 0 && !force) return undefined;
      const head = [temps.declaration(), ...prologue].filter((s): s is TS.Statement => s !== undefined);
      let at = 0;
      while (at < statements.length && isPrologue(statements[at]!)) at++;
      statements.splice(at, 0, ...head);
      const block = ts.setTextRange(f.createBlock(statements, true), body);
      ts.setCommentRange(block, { pos: -1, end: -1 }); // the original's comments stay with the original
      return { params, body: block };
    } finally {
      Object.assign(this, saved);
    }
  }
}

function isPrologue(s: TS.Statement): boolean {
  return ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression);
}

/** A declaration `name = <marked function>` whose statement can be split to attach the twin after it. */
function splittable(d: TS.VariableDeclaration): boolean {
  if (!ts.isIdentifier(d.name)) return false;
  const fn = asFunctionExpression(d.initializer);
  if (fn === undefined || !isMarkedFunction(fn)) return false;
  // A named function expression whose body uses its name needs the wrapping form (see functionExpression).
  return !(ts.isFunctionExpression(fn) && fn.name !== undefined && mentions(fn, fn.name.text));
}

/** Whether the function's parameters or body mention the identifier (conservative: by text). */
export function mentions(fn: TS.FunctionLikeDeclaration, name: string): boolean {
  const sf = fn.getSourceFile();
  const from = fn.parameters.pos;
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(sf.text.slice(from, fn.end));
}

function isOutermostLink(node: TS.Node): boolean {
  const p = node.parent;
  return !(p !== undefined && isChainLink(p) && (p as TS.PropertyAccessExpression).expression === node);
}

/** The name JavaScript gives `fn`: its own, or the variable's it initializes. */
function functionName(fn: TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction): string | undefined {
  if (!ts.isArrowFunction(fn) && fn.name !== undefined) return fn.name.text;
  let at: TS.Node = fn;
  while (ts.isParenthesizedExpression(at.parent) || ts.isAsExpression(at.parent) || ts.isSatisfiesExpression(at.parent)) at = at.parent;
  const decl = at.parent;
  return decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer === at && ts.isIdentifier(decl.name) ? decl.name.text : undefined;
}

/**
 * `{ "name": function* () {...} }["name"]`: the twin named as its function, so a stack trace on
 * cps shows the frame by the function's name (a generator's own name would be a binding in its
 * body, shadowing the function it twins; `Object.defineProperty` made every twin 15× slower).
 */
function namedTwin(f: TS.NodeFactory, name: string, gen: TS.FunctionExpression): TS.Expression {
  if (name === '__proto__') return gen; // that key would set the object's prototype
  const key = f.createStringLiteral(name);
  return f.createElementAccessExpression(f.createObjectLiteralExpression([f.createPropertyAssignment(key, gen)]), f.createStringLiteral(name));
}
