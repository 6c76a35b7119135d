/**
 * greenlet-ts/babel: the `@greenlet` transform as a Babel 7 plugin, for builds that never run
 * tsc (Babel, @babel/register, React Native; TypeScript 7 has no transformer API). It emits
 * the same shapes as the TypeScript transformer; only the AST walk differs.
 *
 * The whole file is transformed on entering Program, before other plugins and presets (e.g.
 * preset-typescript) change it: they then process the twins like any other code.
 */
import type { NodePath, PluginObj, PluginPass, types as T } from '@babel/core';
import { getsTwin, markingError, NAMESPACE_NAME, PROTOCOL_MODULE, freshName, mayContainGreenletTag, SITE_CONSTANTS, siteConstant, type SiteConstant } from '../transformer/shared';
import { makeEmit } from './emit';
import { describeHost, isMarked, isTagComment, overloadImplementation, setMarked, taggedFunctions } from './marks';
import { errorAt, warnAt } from './report';
import { emitClassTwins, emitObjectTwins, hasMarkedMethods } from './members';
import { callVerdict } from './classify';
import { declarationTwin, expressionTwin } from './twin';

/** The part of Babel's File the plugin reads. */
interface BabelFile {
  readonly code: string;
  readonly ast: T.File;
  readonly opts: { readonly filename?: string | null };
}

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

  markTaggedFunctions(program, tags);
  const helper = freshName(file.code, NAMESPACE_NAME);
  warnAboutCallbacks(program, file, helper);

  // What gets twins, innermost first: a twin copies its function's body with the twins of the
  // functions nested in it already attached. Methods are done by their class or object literal.
  const units: NodePath[] = [];
  program.traverse({
    Function: {
      exit(path) {
        if (isMarked(path.node) && (path.isFunctionDeclaration() || path.isFunctionExpression() || path.isArrowFunctionExpression())) units.push(path);
      },
    },
    'Class|ObjectExpression': {
      exit(path) {
        if (hasMarkedMethods(path as NodePath<T.Class> | NodePath<T.ObjectExpression>)) units.push(path);
      },
    },
  });
  if (units.length === 0) return;
  const emit = makeEmit(t, helper);
  for (const path of units) {
    if (path.isFunctionDeclaration()) declarationTwin(emit, path);
    else if (path.isFunctionExpression() || path.isArrowFunctionExpression()) expressionTwin(emit, path);
    else if (path.isClass()) emitClassTwins(emit, path);
    else emitObjectTwins(emit, path as NodePath<T.ObjectExpression>);
  }
  if (usesProtocol(program, helper)) importProtocol(t, program, helper);
}

/** Applies the marking rules to every tag; a tag where no function can be marked is an error. */
function markTaggedFunctions(program: NodePath<T.Program>, tags: Set<T.Comment>): void {
  program.traverse({
    enter(path) {
      if (!path.node.leadingComments?.some((c) => tags.has(c))) return;
      const host = describeHost(path);
      const error = host && markingError(host);
      if (error) throw errorAt(path, error, host.kind === 'other' ? host.what : '');
      const implementation = overloadImplementation(path.isExportNamedDeclaration() ? (path.get('declaration') as NodePath) : path);
      if (implementation) {
        const thing = describeHost(implementation);
        if (thing && getsTwin(thing)) setMarked(implementation.node);
      }
      for (const fn of taggedFunctions(path)) {
        const thing = describeHost(fn);
        if (!thing) continue;
        const fnError = markingError(thing);
        if (fnError) throw errorAt(fn, fnError);
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
  const check = (path: NodePath<T.CallExpression | T.OptionalCallExpression | T.TaggedTemplateExpression>) => {
    const fn = path.getFunctionParent();
    if (!fn || isMarked(fn.node) || !fn.findParent((p) => p.isFunction() && isMarked(p.node))) return;
    if (callVerdict(helper, path) !== 'marked') return;
    const callee = path.isTaggedTemplateExpression() ? path.get('tag') : (path.get('callee') as NodePath);
    warnAt(file.opts.filename, path.node, 'callbackCannotSuspend', callee.getSource() || callee.toString());
  };
  program.traverse({ CallExpression: check, OptionalCallExpression: check, TaggedTemplateExpression: check });
}

function usesProtocol(program: NodePath<T.Program>, helper: string): boolean {
  let used = false;
  program.traverse({
    Identifier(p) {
      if (p.node.name === helper) {
        used = true;
        p.stop();
      }
    },
  });
  return used;
}

/** `import * as __greenlet from 'greenlet-ts/protocol'` in a module, else a `require`; then the sites' constants. */
function importProtocol(t: typeof T, program: NodePath<T.Program>, helper: string): void {
  const id = t.identifier(helper);
  const source = t.stringLiteral(PROTOCOL_MODULE);
  const declaration =
    program.node.sourceType === 'module'
      ? t.importDeclaration([t.importNamespaceSpecifier(id)], source)
      : t.variableDeclaration('const', [t.variableDeclarator(id, t.callExpression(t.identifier('require'), [source]))]);
  // The constants its sites read (SITE_CONSTANTS), right after it, before any twin can run.
  const constants = t.variableDeclaration(
    'const',
    (Object.keys(SITE_CONSTANTS) as SiteConstant[]).map((key) =>
      t.variableDeclarator(t.identifier(siteConstant(helper, key)), t.memberExpression(t.identifier(helper), t.identifier(SITE_CONSTANTS[key]))),
    ),
  );
  program.unshiftContainer('body', [declaration, constants]);
  // Other plugins read bindings (preset-typescript elides imports it sees no value use of):
  // make the scope know the import and every use of it in the emitted code.
  program.scope.crawl();
}
