/**
 * Which calls are suspension points. A call suspends when its callee is marked (Greenlet's own
 * `switch`/`throw` carry `@greenlet` in the runtime's declarations), or when the checker cannot
 * prove it unmarked: `any`, function-typed parameters/variables/properties, interface or abstract
 * members, methods a marked method overrides somewhere in the program. Calls resolving only to
 * concrete, untagged declarations — and library builtins (default lib, @types) — stay plain calls.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { asFunctionExpression, hasOwnTag, isMarkedFunction, isTagged } from './marks';
import { mayContainGreenletTag } from './shared';

export const enum Verdict {
  /** Provably calls only unmarked functions: stays a plain call. */
  Plain = 0,
  /** Calls a marked function (or Greenlet#switch/throw): a suspension point, worth a warning in callbacks. */
  Marked = 1,
  /** The callee is only known at run time: a suspension point, checked by `call` (runtime/protocol.ts). */
  Unknown = 2,
}

export interface CallInfo {
  verdict: Verdict;
  /** `f.call(t, ...a)` / `f.apply(t, a)` of a suspending `f`: the suspension is `f`'s. */
  via?: 'call' | 'apply';
  /**
   * The callee is greenlet-ts' own `Greenlet#switch` or `#throw`: emitted in the helper form,
   * which tests for a transfer first (transformer/calls.ts `suspension`).
   */
  transfer?: true;
}

/** The verdicts for the implicit `next` and `return` calls of a for-of (Classifier.iteration). */
export interface IterationInfo {
  next: Verdict;
  return: Verdict;
}

/** A for-of whose implicit calls may suspend: lowered into explicit ones in a twin (for-of.ts). */
export function iterationSuspends(info: IterationInfo): boolean {
  return info.next !== Verdict.Plain || info.return !== Verdict.Plain;
}

/** Marked beats Unknown beats Plain (as for a callee with several declarations). */
function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes(Verdict.Marked)) return Verdict.Marked;
  return verdicts.includes(Verdict.Unknown) ? Verdict.Unknown : Verdict.Plain;
}

/** The file declaring greenlet-ts' Greenlet class, built (.d.ts) or in this checkout (.ts). */
const GREENLET_DECLARATIONS = /[\\/]runtime[\\/]greenlet\.(d\.)?ts$/;

const LIBRARY_TYPES = /[\\/]node_modules[\\/]@types[\\/]/;

export class Classifier {
  private readonly cache = new WeakMap<TS.Node, CallInfo>();

  constructor(
    private readonly program: TS.Program,
    private readonly checker: TS.TypeChecker,
  ) {}

  call(call: TS.CallExpression): CallInfo {
    let info = this.cache.get(call);
    if (info === undefined) {
      info = this.classifyCall(call);
      this.cache.set(call, info);
    }
    return info;
  }

  /** A tagged template calls its tag: `` tag`a${x}` `` is `tag(strings, x)`. */
  taggedTemplate(node: TS.TaggedTemplateExpression): CallInfo {
    let info = this.cache.get(node);
    if (info === undefined) {
      info = { verdict: this.callee(skipOuter(node.tag)) };
      this.cache.set(node, info);
    }
    return info;
  }

  /**
   * A call the rewriter made itself (for-of.ts): its verdict was decided from the source it
   * stands for, which the checker knows and the new node does not.
   */
  assume(call: TS.CallExpression, info: CallInfo): void {
    this.cache.set(call, info);
  }

  /**
   * The implicit calls of a `for-of`: its iterator's `next` (each step) and `return` (on an early
   * exit), by the rule for explicit calls, applied to the declarations of those members on the
   * type that `[Symbol.iterator]()` of the iterated value returns. Arrays, strings, Maps, Sets and
   * generators come from the standard library: plain. A `for await` never suspends a greenlet.
   */
  iteration(node: TS.ForOfStatement): IterationInfo {
    let info = this.iterations.get(node);
    if (info === undefined) {
      if (node.awaitModifier !== undefined) {
        info = { next: Verdict.Plain, return: Verdict.Plain };
      } else {
        const type = this.checker.getTypeAtLocation(node.expression);
        const from = node.getSourceFile();
        info = { next: this.iteratorMember(type, 'next', node.expression, from), return: this.iteratorMember(type, 'return', node.expression, from) };
      }
      this.iterations.set(node, info);
    }
    return info;
  }

  private readonly iterations = new WeakMap<TS.Node, IterationInfo>();

  /** The verdict for calling member `name` of the iterator a value of `type` gives. */
  private iteratorMember(type: TS.Type, name: 'next' | 'return', at: TS.Node, from: TS.SourceFile): Verdict {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return Verdict.Unknown;
    if (type.isUnion()) return worst(type.types.map((t) => this.iteratorMember(t, name, at, from)));
    const apparent = this.checker.getApparentType(type);
    const method = apparent.getProperties().find((p) => String(p.escapedName).startsWith('__@iterator@'));
    if (method === undefined) return Verdict.Unknown; // not iterable by its type: the run time decides
    const signatures = this.checker.getTypeOfSymbolAtLocation(method, at).getCallSignatures();
    if (signatures.length === 0) return Verdict.Unknown;
    return worst(
      signatures.map((sig) => {
        let iterator = sig.getReturnType();
        if (iterator.isTypeParameter()) iterator = this.checker.getBaseConstraintOfType(iterator) ?? apparent; // `[Symbol.iterator](): this`
        if (iterator.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return Verdict.Unknown;
        if (iterator.isUnion()) return worst(iterator.types.map((t) => this.memberVerdict(t, name, from)));
        return this.memberVerdict(iterator, name, from);
      }),
    );
  }

  /** The verdict for calling member `name` of a value of `type` (an absent `return` is never called). */
  private memberVerdict(type: TS.Type, name: 'next' | 'return', from: TS.SourceFile): Verdict {
    const symbol = this.checker.getPropertyOfType(this.checker.getApparentType(type), name);
    if (symbol === undefined) return name === 'return' ? Verdict.Plain : Verdict.Unknown;
    return this.symbolVerdict(symbol, from);
  }

  isSuspensionPoint(call: TS.CallExpression): boolean {
    return this.call(call).verdict !== Verdict.Plain;
  }

  private classifyCall(call: TS.CallExpression): CallInfo {
    const e = call.expression;
    if (e.kind === ts.SyntaxKind.SuperKeyword || e.kind === ts.SyntaxKind.ImportKeyword) return { verdict: Verdict.Plain };
    const callee = skipOuter(e);
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply') && this.isFunctionPrototypeMember(callee.name)) {
      const target = skipOuter(callee.expression);
      const verdict = this.callee(target);
      return verdict === Verdict.Plain ? { verdict } : this.withTransfer(target, { verdict, via: callee.name.text });
    }
    return this.withTransfer(callee, { verdict: this.callee(callee) });
  }

  /** `info`, marked `transfer` when `callee` names greenlet-ts' own Greenlet#switch or #throw. */
  private withTransfer(callee: TS.Expression, info: CallInfo): CallInfo {
    if (this.isGreenletTransfer(callee, info.verdict)) info.transfer = true;
    return info;
  }

  /** Whether `callee` (of verdict `verdict`) names greenlet-ts' own Greenlet#switch or #throw. */
  private isGreenletTransfer(callee: TS.Expression, verdict: Verdict): boolean {
    // Marked: the runtime's declarations of switch and throw carry @greenlet.
    if (verdict !== Verdict.Marked || !ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'switch' && callee.name.text !== 'throw')) return false;
    const decls = this.checker.getSymbolAtLocation(callee.name)?.declarations ?? [];
    return (
      decls.length > 0 &&
      decls.every((d) => ts.isClassDeclaration(d.parent) && d.parent.name?.text === 'Greenlet' && GREENLET_DECLARATIONS.test(d.getSourceFile().fileName))
    );
  }

  /** The verdict for calling the value of `callee`. */
  callee(callee: TS.Expression): Verdict {
    const fn = asFunctionExpression(callee);
    if (fn !== undefined) return isMarkedFunction(fn) ? Verdict.Marked : Verdict.Plain; // an IIFE
    let nameNode: TS.Node;
    if (ts.isIdentifier(callee)) nameNode = callee;
    else if (ts.isPropertyAccessExpression(callee)) nameNode = callee.name;
    else if (ts.isElementAccessExpression(callee) && (ts.isStringLiteralLike(callee.argumentExpression) || ts.isNumericLiteral(callee.argumentExpression))) nameNode = callee.argumentExpression;
    else return Verdict.Unknown;
    const symbol = this.checker.getSymbolAtLocation(nameNode);
    if (symbol === undefined) return Verdict.Unknown;
    return this.symbolVerdict(symbol, callee.getSourceFile());
  }

  /** The verdict for calling what `symbol` names, from file `from`: the worst of its declarations'. */
  private symbolVerdict(symbol: TS.Symbol, from: TS.SourceFile): Verdict {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const decls = symbol.declarations;
    if (decls === undefined || decls.length === 0) return Verdict.Unknown;
    let verdict = Verdict.Plain;
    for (const d of decls) {
      const v = this.declaration(d, from);
      if (v === Verdict.Marked) return v;
      if (v === Verdict.Unknown) verdict = v;
    }
    return verdict;
  }

  private declaration(d: TS.Declaration, from: TS.SourceFile): Verdict {
    if (isTagged(d)) return d.getSourceFile() === from && this.markedFunctionNeverSuspends(d) ? Verdict.Plain : Verdict.Marked;
    const sf = d.getSourceFile();
    const library = this.program.isSourceFileDefaultLibrary(sf) || LIBRARY_TYPES.test(sf.fileName);
    switch (d.kind) {
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
      case ts.SyntaxKind.EnumDeclaration:
      case ts.SyntaxKind.ModuleDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
        return Verdict.Plain;
      case ts.SyntaxKind.MethodDeclaration: {
        const m = d as TS.MethodDeclaration;
        if (library) return Verdict.Plain;
        if (m.body === undefined && !sf.isDeclarationFile) return Verdict.Unknown; // abstract (or overload list without body)
        if (sf.isDeclarationFile && ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Abstract) return Verdict.Unknown;
        return this.mayBeOverriddenByMarked(m) ? Verdict.Unknown : Verdict.Plain;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const v = d as TS.VariableDeclaration;
        if (library) return Verdict.Plain;
        const isConst = (ts.getCombinedNodeFlags(v) & ts.NodeFlags.Const) !== 0;
        const fn = asFunctionExpression(v.initializer);
        if (isConst && fn !== undefined) return isMarkedFunction(fn) ? Verdict.Marked : Verdict.Plain;
        return Verdict.Unknown;
      }
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.PropertyDeclaration: {
        const fn = asFunctionExpression((d as TS.PropertyAssignment | TS.PropertyDeclaration).initializer);
        if (fn !== undefined) return isMarkedFunction(fn) ? Verdict.Marked : Verdict.Plain;
        return library ? Verdict.Plain : Verdict.Unknown;
      }
      default:
        // Parameters, let/var, interface members, signatures, getters: known only at run time,
        // except in the standard library and @types packages, whose members are plain functions.
        return library ? Verdict.Plain : Verdict.Unknown;
    }
  }

  /**
   * A marked function whose own body has no suspension point gets no twin, and calling it
   * plainly is what `call` would do anyway: such calls stay plain calls. Only for
   * functions nothing can replace — declarations and `const` initializers — not methods, which
   * a subclass may override with a suspending one; and only for calls from the same file, which
   * an incremental build re-emits together with the callee when its body changes.
   */
  private markedFunctionNeverSuspends(d: TS.Declaration): boolean {
    let fn: TS.FunctionLikeDeclaration | undefined;
    if (ts.isFunctionDeclaration(d)) fn = d;
    else if (ts.isVariableDeclaration(d) && (ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const) !== 0) fn = asFunctionExpression(d.initializer);
    if (fn === undefined || fn.body === undefined || d.getSourceFile().isDeclarationFile || !isMarkedFunction(fn)) return false;
    let result = this.neverSuspends.get(fn);
    if (result === undefined) {
      this.neverSuspends.set(fn, false); // while deciding (recursion): assume it suspends
      result = !this.holdsSuspension(fn);
      this.neverSuspends.set(fn, result);
    }
    return result;
  }

  private readonly neverSuspends = new WeakMap<TS.Node, boolean>();

  /** Whether `node` holds a suspension point of its own function (not of nested functions). */
  holdsSuspension(node: TS.Node): boolean {
    const walk = (n: TS.Node): boolean => {
      if (n !== node && (ts.isFunctionLike(n) || ts.isClassLike(n))) return false;
      if (ts.isCallExpression(n) && this.call(n).verdict !== Verdict.Plain) return true;
      if (ts.isForOfStatement(n) && iterationSuspends(this.iteration(n))) return true;
      if (ts.isTaggedTemplateExpression(n) && this.taggedTemplate(n).verdict !== Verdict.Plain) return true;
      return ts.forEachChild(n, walk) ?? false;
    };
    return walk(node);
  }

  /** `f.call` / `f.apply` as declared by the standard library for every function. */
  private isFunctionPrototypeMember(name: TS.MemberName): boolean {
    const symbol = this.checker.getSymbolAtLocation(name);
    const d = symbol?.declarations?.[0];
    if (d === undefined || !this.program.isSourceFileDefaultLibrary(d.getSourceFile())) return false;
    const owner = d.parent;
    return ts.isInterfaceDeclaration(owner) && /^(Callable|Newable)?Function$/.test(owner.name.text);
  }

  /**
   * An unmarked class method that a marked method of a subclass (somewhere in the program)
   * overrides: called through the base class, it is only known at run time.
   */
  private mayBeOverriddenByMarked(m: TS.MethodDeclaration): boolean {
    const owner = m.parent;
    if (!ts.isClassLike(owner) || ts.isPrivateIdentifier(m.name) || hasStatic(m)) return false;
    const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : undefined;
    if (name === undefined) return true;
    if (this.overriders === undefined) this.overriders = collectMarkedMethods(this.program);
    return (this.overriders.get(name) ?? []).some((cls) => cls !== owner && this.derivesFrom(cls, owner, 0));
  }

  private overriders: Map<string, TS.ClassLikeDeclaration[]> | undefined;

  /** Whether class `cls` extends `base`, directly or not; true when the chain cannot be followed. */
  private derivesFrom(cls: TS.ClassLikeDeclaration, base: TS.ClassLikeDeclaration, depth: number): boolean {
    const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (heritage === undefined) return false;
    if (depth > 50) return true;
    const symbol = this.checker.getSymbolAtLocation(ts.isIdentifier(heritage.expression) || ts.isPropertyAccessExpression(heritage.expression) ? heritage.expression : heritage);
    const target = symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    const decl = target?.declarations?.find(ts.isClassLike);
    if (decl === undefined) return true; // a mixin or an expression: assume it may
    return decl === base || this.derivesFrom(decl, base, depth + 1);
  }
}

function hasStatic(m: TS.MethodDeclaration): boolean {
  return (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0;
}

/** Classes holding marked (non-static, non-private) methods, by method name. */
function collectMarkedMethods(program: TS.Program): Map<string, TS.ClassLikeDeclaration[]> {
  const found = new Map<string, TS.ClassLikeDeclaration[]>();
  for (const sf of program.getSourceFiles()) {
    if (program.isSourceFileFromExternalLibrary(sf) || !mayContainGreenletTag(sf.text)) continue;
    const walk = (n: TS.Node): void => {
      if (ts.isMethodDeclaration(n) && ts.isClassLike(n.parent) && !hasStatic(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && hasOwnTag(n)) {
        const list = found.get(n.name.text) ?? [];
        list.push(n.parent);
        found.set(n.name.text, list);
      }
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  return found;
}

/** Parentheses, type assertions and `!` do not change what is called (nor `this`). */
export function skipOuter(e: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else return e;
  }
}
