/**
 * Optional chains in a twin. `a?.b.m(x)` short-circuits the whole chain when `a` is nullish;
 * when a chain holds a suspension point it is rewritten as a whole, at its outermost link, into
 * conditionals (the TypeScript transformer's lowering, transformer/calls.ts):
 *   (_chain = a) == null ? void 0 : <suspension of __greenlet.call((_recv = _chain.b).m, _recv, [x])>
 */
import type { NodePath, types as T } from '@babel/core';
import type { Emit } from './emit';
import { calleeVerdict, unwrap } from './classify';

export type Link = T.OptionalMemberExpression | T.OptionalCallExpression;

function isLink(node: T.Node): node is Link {
  return node.type === 'OptionalMemberExpression' || node.type === 'OptionalCallExpression';
}

/** The chain's links from the root outwards (`!` inside a chain is transparent). */
function linksOf(top: Link): { root: T.Expression; links: Link[] } {
  const links: Link[] = [];
  let e: T.Node = top;
  while (isLink(e)) {
    links.unshift(e);
    e = e.type === 'OptionalMemberExpression' ? e.object : e.callee;
    while (e.type === 'TSNonNullExpression' && isLink(e.expression)) e = e.expression;
  }
  return { root: e as T.Expression, links };
}

function isOutermostLink(path: NodePath): boolean {
  let p = path.parentPath!;
  let child: T.Node = path.node;
  while (p.isTSNonNullExpression()) {
    child = p.node;
    p = p.parentPath!;
  }
  return !((p.isOptionalMemberExpression() && p.node.object === child) || (p.isOptionalCallExpression() && p.node.callee === child));
}

export function rewriteChain(emit: Emit, path: NodePath<Link>): void {
  if (!isOutermostLink(path)) return;
  const { root, links } = linksOf(path.node);
  const suspends = (link: Link) => link.type === 'OptionalCallExpression' && calleeVerdict(emit.helper, path, link.callee) !== 'plain';
  if (!links.some(suspends)) return;
  const t = emit.t;
  const undef = () => t.unaryExpression('void', t.numericLiteral(0));

  /** `value.name` / `value[key]`; when a call follows, also the receiver. */
  const access = (value: T.Expression, link: T.MemberExpression | T.OptionalMemberExpression, capture: boolean): [T.Expression, T.Expression | undefined] => {
    let base = value;
    let receiver: T.Expression | undefined;
    if (capture) {
      if (value.type === 'Super') receiver = t.thisExpression();
      else if (value.type === 'ThisExpression' || value.type === 'Identifier') receiver = t.cloneNode(value);
      else {
        const temp = emit.temp(path, 'recv');
        base = t.assignmentExpression('=', temp, value);
        receiver = t.cloneNode(temp);
      }
    }
    return [t.memberExpression(base, link.property as T.Expression, link.computed), receiver];
  };

  const step = (i: number, value: T.Expression, thisVal: T.Expression | undefined): T.Expression => {
    const link = links[i]!;
    if (link.type === 'OptionalCallExpression') {
      const args = link.arguments as T.Expression[];
      let result: T.Expression;
      if (suspends(link)) result = emit.suspensionCall(path, value, thisVal ?? undef(), t.arrayExpression(args));
      else if (thisVal && value.type !== 'MemberExpression') result = t.callExpression(t.memberExpression(value, t.identifier('call')), [thisVal, ...args]);
      else result = t.callExpression(value, args);
      return build(i + 1, result, undefined);
    }
    const callNext = i + 1 < links.length && links[i + 1]!.type === 'OptionalCallExpression';
    const [v, recv] = access(value, link, callNext);
    return build(i + 1, v, recv);
  };

  const build = (i: number, value: T.Expression, thisVal: T.Expression | undefined): T.Expression => {
    if (i === links.length) return value;
    if (!links[i]!.optional) return step(i, value, thisVal);
    const temp = emit.temp(path, 'chain');
    const test = t.binaryExpression('==', t.assignmentExpression('=', temp, value), t.nullLiteral());
    return t.conditionalExpression(test, undef(), step(i, t.cloneNode(temp), thisVal));
  };

  let value: T.Expression = root;
  let thisVal: T.Expression | undefined;
  const rootInner = unwrap(root);
  if (links[0]!.type === 'OptionalCallExpression' && rootInner.type === 'MemberExpression') {
    // `o.m?.(x)`: the call's `this` is o.
    [value, thisVal] = access(rootInner.object as T.Expression, rootInner, true);
  }
  path.replaceWith(build(0, value, thisVal));
}
