/**
 * Suspension points inside a twin: `f(a, b)` becomes a call driven at the site, which yields
 * only when the call suspended (see suspension). JavaScript's evaluation order is kept: the
 * callee is evaluated first (for `o.m(x)` the object once, then `m` read), then the arguments
 * left to right, then the call is made.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { skipOuter, Verdict, type CallInfo } from './classify';
import { isMarkedFunction } from './marks';
import { privateTwinName } from './members';
import type { Rewriter } from './visit';
import { CALL0_HELPER, CALL1_HELPER, CALL_HELPER, CALLABLE_HELPER, SUSPEND_HELPER } from './shared';

export function rewriteCall(rw: Rewriter, node: TS.CallExpression, info: CallInfo): TS.Expression {
  const f = rw.f;
  const callee = skipOuter(node.expression);
  let target: TS.Expression;
  let thisArg: TS.Expression;
  let args: TS.Expression;
  if (info.via !== undefined && !node.arguments.some(ts.isSpreadElement)) {
    // `f.call(t, a)` / `f.apply(t, xs)` of a suspending f: suspend on f itself, with `this` = t.
    target = rw.visitExpression(skipOuter((callee as TS.PropertyAccessExpression).expression));
    const [first, ...rest] = node.arguments;
    thisArg = first !== undefined ? rw.visitExpression(first) : f.createVoidZero();
    if (info.via === 'call') {
      args = f.createArrayLiteralExpression(rest.map((a) => rw.visitExpression(a)));
    } else {
      // apply takes an array-like or null/undefined; [] stands for the latter, as apply does.
      args =
        rest.length === 0
          ? f.createArrayLiteralExpression([])
          : rest.length === 1
            ? f.createBinaryExpression(rw.visitExpression(rest[0]!), ts.SyntaxKind.QuestionQuestionToken, f.createArrayLiteralExpression([]))
            : reorderApplyArgs(f, rw, rest);
    }
  } else {
    [target, thisArg] = calleeAndThis(rw, callee, node.expression);
    args = f.createArrayLiteralExpression(node.arguments.map((a) => rw.visitExpression(a)));
  }
  return suspension(rw, target, thisArg, args, node, info.transfer === true);
}

/**
 * `` tag`a${x}b` `` → the suspension of `__greenlet.call(tag, thisArg, [((s) => s)`a${0}b`, x])`: the tag is
 * evaluated first, then the strings array (the one of this site, frozen, with `raw`, made by an
 * identity tag with the same literal parts), then the substitutions left to right.
 */
export function rewriteTaggedTemplate(rw: Rewriter, node: TS.TaggedTemplateExpression): TS.Expression {
  const f = rw.f;
  const [target, thisArg] = calleeAndThis(rw, skipOuter(node.tag), node.tag);
  const tpl = node.template;
  const s = f.createUniqueName('_strings');
  const identity = f.createParenthesizedExpression(
    f.createArrowFunction(undefined, undefined, [f.createParameterDeclaration(undefined, undefined, s)], undefined, f.createToken(ts.SyntaxKind.EqualsGreaterThanToken), s),
  );
  const placeholders = ts.isNoSubstitutionTemplateLiteral(tpl)
    ? tpl
    : f.createTemplateExpression(tpl.head, tpl.templateSpans.map((span) => f.createTemplateSpan(f.createNumericLiteral(0), span.literal)));
  const strings = f.createTaggedTemplateExpression(identity, undefined, placeholders);
  const values = ts.isNoSubstitutionTemplateLiteral(tpl) ? [] : tpl.templateSpans.map((span) => rw.visitExpression(span.expression));
  return suspension(rw, target, thisArg, f.createArrayLiteralExpression([strings, ...values]), node);
}

/** `f.apply(t, xs, extra)`: extra arguments are evaluated after xs and ignored. */
function reorderApplyArgs(f: TS.NodeFactory, rw: Rewriter, rest: TS.Expression[]): TS.Expression {
  const t = rw.temps!.fresh('_args');
  const list: TS.Expression[] = [f.createAssignment(t, rw.visitExpression(rest[0]!)), ...rest.slice(1).map((e) => rw.visitExpression(e))];
  list.push(f.createBinaryExpression(t, ts.SyntaxKind.QuestionQuestionToken, f.createArrayLiteralExpression([])));
  return f.createParenthesizedExpression(f.createCommaListExpression(list));
}

/**
 * The one emission of a suspension point in this build path (see transformer/shared/names.ts
 * CALL_HELPER for its shape), mapped to the original call. `args` is the argument list as an
 * array literal, or for `f.apply(t, xs)` the expression of the array; `transfer`: the call is
 * `Greenlet#switch`/`throw` (the helper form is cheaper for those). The callee's twin, its
 * TRANSFER or itself is called once, with the arguments evaluated once, after the callee and
 * `this` as in the original call; a generator (the twin's) is stepped at once, and the twin
 * yields only when the call suspended (runtime/protocol.ts).
 */
export function suspension(rw: Rewriter, target: TS.Expression, thisArg: TS.Expression, args: TS.Expression, original: TS.Node, transfer = false): TS.Expression {
  const f = rw.f;
  const temps = rw.temps!;
  const r = temps.resultTemp();
  // A suspension point in `this` or the arguments would overwrite the temporaries the site
  // reads after them: such a site passes everything to a helper instead, as does a switch.
  if (transfer || holdsYield(thisArg) || holdsYield(args)) {
    const call = ts.setTextRange(protocolCall(rw, target, thisArg, args), original);
    const made = f.createStrictEquality(f.createParenthesizedExpression(f.createAssignment(r, call)), rw.siteConstant('call'));
    const y = ts.setTextRange(f.createParenthesizedExpression(f.createYieldExpression(undefined, r)), original);
    return ts.setTextRange(f.createParenthesizedExpression(ts.setTextRange(f.createConditionalExpression(made, undefined, y, undefined, r), original)), original);
  }
  const fn = temps.calleeTemp();
  const twinKey = rw.siteConstant('twin');
  // `(_f = target)?.[TWIN] ?? _f?.[TRANSFER] ?? callable(_f)`: what to call for `target`.
  const pick = f.createBinaryExpression(
    f.createBinaryExpression(
      f.createElementAccessChain(f.createParenthesizedExpression(f.createAssignment(fn, target)), f.createToken(ts.SyntaxKind.QuestionDotToken), twinKey),
      ts.SyntaxKind.QuestionQuestionToken,
      f.createElementAccessChain(fn, f.createToken(ts.SyntaxKind.QuestionDotToken), rw.siteConstant('transfer')),
    ),
    ts.SyntaxKind.QuestionQuestionToken,
    f.createCallExpression(rw.helper(CALLABLE_HELPER), undefined, [fn]),
  );
  const picked = f.createParenthesizedExpression(pick);
  let call: TS.CallExpression;
  if (!ts.isArrayLiteralExpression(args)) {
    call = f.createCallExpression(f.createPropertyAccessExpression(picked, 'apply'), undefined, [thisArg, args]);
  } else if (ts.isVoidExpression(thisArg)) {
    // `this` undefined: a plain call, as the original makes.
    call = f.createCallExpression(picked, undefined, args.elements);
  } else {
    call = f.createCallExpression(f.createPropertyAccessExpression(picked, 'call'), undefined, [thisArg, ...args.elements]);
  }
  ts.setTextRange(call, original);
  // Whether a twin was called: read again after the arguments, which cannot have written `_f`.
  const marked = f.createStrictInequality(f.createElementAccessExpression(fn, twinKey), f.createVoidZero());
  const test = f.createParenthesizedExpression(f.createCommaListExpression([f.createAssignment(r, call), marked]));
  // The generator moves to `_f` (the callee is no longer needed) and `_r` takes its first step:
  // two temporaries where three would make every twin's generator a register larger. `=== true`:
  // V8 does not know `done` is a boolean, and a bare test is a full truthiness test.
  const done = f.createPropertyAccessExpression(f.createParenthesizedExpression(f.createAssignment(r, f.createCallExpression(f.createPropertyAccessExpression(r, 'next'), undefined, []))), 'done');
  const step = f.createParenthesizedExpression(f.createCommaListExpression([f.createAssignment(fn, r), f.createStrictEquality(done, f.createTrue())]));
  const suspends = ts.setTextRange(
    f.createParenthesizedExpression(f.createYieldExpression(undefined, f.createCallExpression(rw.helper(SUSPEND_HELPER), undefined, [fn, f.createPropertyAccessExpression(r, 'value')]))),
    original,
  );
  const whenTwin = f.createConditionalExpression(step, undefined, f.createPropertyAccessExpression(r, 'value'), undefined, suspends);
  // A transfer (or, never, a plain function) gave CALL: suspend.
  const transfers = ts.setTextRange(f.createParenthesizedExpression(f.createYieldExpression(undefined, r)), original);
  const whenPlain = f.createConditionalExpression(f.createStrictEquality(r, rw.siteConstant('call')), undefined, transfers, undefined, r);
  const result = f.createConditionalExpression(test, undefined, f.createParenthesizedExpression(whenTwin), undefined, f.createParenthesizedExpression(whenPlain));
  return ts.setTextRange(f.createParenthesizedExpression(ts.setTextRange(result, original)), original);
}

/** Whether emitted code holds a `yield` of its own (not in a nested function). */
function holdsYield(node: TS.Node): boolean {
  if (ts.isYieldExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, holdsYield) ?? false;
}

/**
 * `__greenlet.call(target, thisArg, args)`; for a literal list of no or one (unspread) argument
 * `call0(target, thisArg)` / `call1(target, thisArg, arg)`, which evaluate the same expressions
 * in the same order and allocate no array.
 */
function protocolCall(rw: Rewriter, target: TS.Expression, thisArg: TS.Expression, args: TS.Expression): TS.CallExpression {
  const f = rw.f;
  if (ts.isArrayLiteralExpression(args) && args.elements.length <= 1) {
    const [arg] = args.elements;
    if (arg === undefined) return f.createCallExpression(rw.helper(CALL0_HELPER), undefined, [target, thisArg]);
    if (!ts.isSpreadElement(arg) && !ts.isOmittedExpression(arg)) {
      return f.createCallExpression(rw.helper(CALL1_HELPER), undefined, [target, thisArg, arg]);
    }
  }
  return f.createCallExpression(rw.helper(CALL_HELPER), undefined, [target, thisArg, args]);
}

/**
 * The value to call and its `this`. `o.m` → `(_t = o).m` and `_t` (o evaluated once, before the
 * arguments); `super.m` → `super.m` and `this`; anything else is called with `this` undefined.
 */
function calleeAndThis(rw: Rewriter, callee: TS.Expression, written: TS.Expression): [TS.Expression, TS.Expression] {
  const f = rw.f;
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const obj = callee.expression;
    if (obj.kind === ts.SyntaxKind.SuperKeyword) return [rw.visitExpression(callee), f.createThis()];
    let receiver: TS.Expression;
    let base: TS.Expression;
    if (obj.kind === ts.SyntaxKind.ThisKeyword) {
      base = rw.visitExpression(obj);
      receiver = f.createThis();
    } else {
      receiver = rw.temps!.thisTemp();
      base = f.createParenthesizedExpression(f.createAssignment(receiver, rw.visitExpression(obj)));
    }
    if (ts.isElementAccessExpression(callee)) {
      return [f.createElementAccessExpression(base, rw.visitExpression(callee.argumentExpression)), receiver];
    }
    const read = f.createPropertyAccessExpression(base, callee.name);
    const privateTwin = ts.isPrivateIdentifier(callee.name) ? privateTwinOf(rw, callee) : undefined;
    // A marked private method is reached through its twin (its function cannot be reached from a
    // static block to attach one); reading `o.#m` first keeps the brand check.
    if (privateTwin !== undefined) return [f.createParenthesizedExpression(f.createCommaListExpression([read, privateTwin(receiver)])), receiver];
    return [read, receiver];
  }
  return [rw.visitExpression(written), f.createVoidZero()];
}

/** For `o.#m` where #m is a marked method with a twin: a builder of the twin's expression. */
function privateTwinOf(rw: Rewriter, access: TS.PropertyAccessExpression): ((receiver: TS.Expression) => TS.Expression) | undefined {
  const decl = rw.checker.getSymbolAtLocation(access.name)?.valueDeclaration;
  if (decl === undefined || !ts.isMethodDeclaration(decl) || !isMarkedFunction(decl)) return undefined;
  const cls = decl.parent;
  if (!ts.isClassLike(cls)) return undefined;
  const f = rw.f;
  const twinName = privateTwinName(access.name.text);
  const isStatic = (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Static) !== 0;
  if (isStatic) return (receiver) => f.createPropertyAccessExpression(receiver, f.createPrivateIdentifier(twinName));
  if (cls.name === undefined) return undefined; // reported at the class; called plainly
  const className = cls.name.text;
  return () => f.createPropertyAccessExpression(f.createIdentifier(className), f.createPrivateIdentifier(twinName));
}

// ---------------------------------------------------------------------------------------------
// Optional chains. `a?.b.m(x)` short-circuits the whole chain when `a` is nullish; when a chain
// holds a suspension point it is rewritten as a whole into conditionals:
//   (_t = a) == null ? void 0 : <suspension of __greenlet.call((_r = _t.b).m, _r, [x])>

type Link = TS.PropertyAccessExpression | TS.ElementAccessExpression | TS.CallExpression | TS.NonNullExpression;

export function isChainLink(node: TS.Node): node is Link {
  return (
    (node.flags & ts.NodeFlags.OptionalChain) !== 0 &&
    (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node) || ts.isNonNullExpression(node))
  );
}

function linksOf(top: TS.Expression): { root: TS.Expression; links: Link[] } {
  const links: Link[] = [];
  let e: TS.Expression = top;
  while (isChainLink(e)) {
    links.unshift(e);
    e = e.expression;
  }
  return { root: e, links };
}

export function chainSuspends(rw: Rewriter, top: TS.Expression): boolean {
  return linksOf(top).links.some((l) => ts.isCallExpression(l) && rw.classifier.call(l).verdict !== Verdict.Plain);
}

export function lowerChain(rw: Rewriter, top: TS.Expression): TS.Expression {
  const f = rw.f;
  const { root, links } = linksOf(top);
  let value: TS.Expression;
  let thisVal: TS.Expression | undefined;
  const first = nextReal(links, 0);
  const rootInner = skipOuter(root);
  if (first !== undefined && ts.isCallExpression(links[first]!) && (ts.isPropertyAccessExpression(rootInner) || ts.isElementAccessExpression(rootInner))) {
    // `o.m?.(x)`: the call's `this` is o.
    [value, thisVal] = access(rw, rw.visitExpression(rootInner.expression), rootInner, true, rootInner.expression.kind === ts.SyntaxKind.SuperKeyword);
  } else {
    value = rw.visitExpression(root);
  }
  const result = build(rw, links, 0, value, thisVal);
  return ts.setTextRange(f.createParenthesizedExpression(result), top);
}

function nextReal(links: Link[], i: number): number | undefined {
  while (i < links.length && ts.isNonNullExpression(links[i]!)) i++;
  return i < links.length ? i : undefined;
}

function build(rw: Rewriter, links: Link[], i: number, value: TS.Expression, thisVal: TS.Expression | undefined): TS.Expression {
  const f = rw.f;
  const at = nextReal(links, i);
  if (at === undefined) return value;
  const link = links[at]!;
  if ((link as TS.PropertyAccessExpression).questionDotToken !== undefined) {
    const t = rw.temps!.fresh('_chain');
    const test = f.createBinaryExpression(f.createParenthesizedExpression(f.createAssignment(t, value)), ts.SyntaxKind.EqualsEqualsToken, f.createNull());
    return f.createConditionalExpression(test, undefined, f.createVoidZero(), undefined, step(rw, links, at, t, thisVal));
  }
  return step(rw, links, at, value, thisVal);
}

/** One link applied to `value` (its `?.` test already made). */
function step(rw: Rewriter, links: Link[], at: number, value: TS.Expression, thisVal: TS.Expression | undefined): TS.Expression {
  const f = rw.f;
  const link = links[at]!;
  if (ts.isCallExpression(link)) {
    const args = link.arguments.map((a) => rw.visitExpression(a));
    let result: TS.Expression;
    if (rw.classifier.call(link).verdict !== Verdict.Plain) {
      rw.suspensions++;
      result = suspension(rw, value, thisVal ?? f.createVoidZero(), f.createArrayLiteralExpression(args), link);
    } else if (thisVal !== undefined && !ts.isPropertyAccessExpression(value) && !ts.isElementAccessExpression(value)) {
      result = f.createCallExpression(f.createPropertyAccessExpression(value, 'call'), undefined, [thisVal, ...args]);
    } else {
      result = f.createCallExpression(value, undefined, args);
    }
    return build(rw, links, at + 1, result, undefined);
  }
  const next = nextReal(links, at + 1);
  const callNext = next !== undefined && ts.isCallExpression(links[next]!);
  const [v, t] = access(rw, value, link as TS.PropertyAccessExpression | TS.ElementAccessExpression, callNext, false);
  return build(rw, links, at + 1, v, t);
}

/** `value.name` / `value[key]`; when a call follows, also the receiver (captured in a temp). */
function access(rw: Rewriter, value: TS.Expression, link: TS.PropertyAccessExpression | TS.ElementAccessExpression, capture: boolean, isSuper: boolean): [TS.Expression, TS.Expression | undefined] {
  const f = rw.f;
  let base = value;
  let receiver: TS.Expression | undefined;
  if (capture) {
    if (isSuper) receiver = f.createThis();
    else if (ts.isIdentifier(value) && value.pos < 0) receiver = value; // already a temp
    else {
      const t = rw.temps!.fresh('_recv');
      base = f.createParenthesizedExpression(f.createAssignment(t, value));
      receiver = t;
    }
  }
  const read = ts.isPropertyAccessExpression(link)
    ? f.createPropertyAccessExpression(base, link.name)
    : f.createElementAccessExpression(base, rw.visitExpression(link.argumentExpression));
  return [read, receiver];
}
