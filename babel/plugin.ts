/**
 * greenlet-ts/babel: the `@greenlet` transform as a Babel 7 plugin, for builds that never run
 * tsc (Babel, @babel/register, React Native; TypeScript 7 has no transformer API). It emits
 * the same shapes as the TypeScript transformer; only the AST walk differs.
 *
 * The whole file is transformed on entering Program, before other plugins and presets (e.g.
 * preset-typescript) change it: they then process the twins like any other code.
 */
import type { NodePath, PluginObj, PluginPass, types as T } from '@babel/core';
import { getsTwin, markingError, NAMESPACE_NAME, PROTOCOL_MODULE, freshName, mayContainGreenletTag } from '../transformer/shared';
import { makeEmit } from './emit';
import { describeHost, isMarked, isTagComment, setMarked, taggedFunctions, type MarkableFunction } from './marks';
import { errorAt, warnAt, type BabelFile } from './report';
import { callVerdict } from './suspend';
import { emitTwin } from './twin';

interface PluginApi {
  types: typeof T;
  assertVersion(range: number | string): void;
}

export default function greenletBabelPlugin(api: PluginApi): PluginObj<PluginPass> {
  api.assertVersion(7);
  const t = api.types;
  return {
    name: 'greenlet-ts',
    visitor: {
      Program(program, state) {
        transformProgram(t, program, state.file as unknown as BabelFile);
      },
    },
  };
}

function transformProgram(t: typeof T, program: NodePath<T.Program>, file: BabelFile): void {
  if (!mayContainGreenletTag(file.code)) return;
  const tags = new Set((file.ast.comments ?? []).filter(isTagComment));
  if (tags.size === 0) return;

  markTaggedFunctions(program, file, tags);
  const helper = freshName(file.code, NAMESPACE_NAME);
  warnAboutCallbacks(program, file, helper);

  const marked: NodePath<MarkableFunction>[] = [];
  program.traverse({
    Function: {
      exit(path) {
        if (isMarked(path.node)) marked.push(path as NodePath<MarkableFunction>);
      },
    },
  });
  if (marked.length === 0) return;
  // Innermost first: a function's twin copies its body with the inner twins already attached.
  const emit = makeEmit(t, helper);
  for (const path of marked) emitTwin(emit, path);
  importProtocol(t, program, helper);
}

/** Applies the marking rules to every tag; a tag where no function can be marked is an error. */
function markTaggedFunctions(program: NodePath<T.Program>, file: BabelFile, tags: Set<T.Comment>): void {
  program.traverse({
    enter(path) {
      if (!path.node.leadingComments?.some((c) => tags.has(c))) return;
      const host = describeHost(path);
      const error = host && markingError(host);
      if (error) throw errorAt(file, path, error, host.kind === 'other' ? host.what : '');
      for (const fn of taggedFunctions(path)) {
        const thing = describeHost(fn);
        if (!thing) continue;
        const fnError = markingError(thing);
        if (fnError) throw errorAt(file, fn, fnError);
        if (getsTwin(thing)) setMarked(fn.node);
      }
    },
  });
}

/**
 * A call that can switch, inside an unmarked function nested in a marked one: on cps that
 * function's frame cannot be suspended, so the switch would throw at run time.
 */
function warnAboutCallbacks(program: NodePath<T.Program>, file: BabelFile, helper: string): void {
  const check = (path: NodePath<T.CallExpression | T.OptionalCallExpression>) => {
    const fn = path.getFunctionParent();
    if (!fn || isMarked(fn.node) || !fn.findParent((p) => p.isFunction() && isMarked(p.node))) return;
    if (callVerdict(helper, path) !== 'marked') return;
    warnAt(file, path.node.callee, 'callbackCannotSuspend', path.get('callee').toString());
  };
  program.traverse({ CallExpression: check, OptionalCallExpression: check });
}

/** `import * as __greenlet from 'greenlet-ts/protocol'` in a module, else a `require`. */
function importProtocol(t: typeof T, program: NodePath<T.Program>, helper: string): void {
  const id = t.identifier(helper);
  const source = t.stringLiteral(PROTOCOL_MODULE);
  const declaration =
    program.node.sourceType === 'module'
      ? t.importDeclaration([t.importNamespaceSpecifier(id)], source)
      : t.variableDeclaration('const', [t.variableDeclarator(id, t.callExpression(t.identifier('require'), [source]))]);
  program.unshiftContainer('body', declaration);
  // Other plugins read bindings (preset-typescript elides imports it sees no value use of):
  // make the scope know the import and every use of it in the emitted code.
  program.scope.crawl();
}
