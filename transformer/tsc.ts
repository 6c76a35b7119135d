#!/usr/bin/env node
/**
 * greenlet-tsc: tsc with the greenlet-ts transformer, on a TypeScript 6 compiler greenlet-ts
 * brings itself (the dependency `typescript-6`). For TypeScript 7 projects: TypeScript 7's
 * compiler (Go) has no transformer API, so tspc cannot run there; the project keeps TypeScript
 * 7 for type checking and the editor and builds with `npx greenlet-tsc` (or `-p DIR`, `--watch`,
 * and tsc's other options). It runs what tsc 6 runs, with the transformer added as ts-patch adds
 * it: the program's emit gets the transformer, and the transformer's diagnostics join the
 * emit's. So the output, the diagnostics and the exit code are tspc's on TypeScript 6.
 */
import type * as TS from 'typescript';
import * as path from 'node:path';
import greenletTransformer, { type GreenletPluginConfig } from './index';

/** What greenlet-tsc uses of TypeScript beyond its declarations: tsc's own steps, exported by typescript.js (pinned to 6.0.3). */
interface TscSteps {
  emitFilesAndReportErrorsAndGetExitStatus(
    program: TS.Program | TS.BuilderProgram,
    report: TS.DiagnosticReporter,
    write: (s: string) => void,
    summary: ((errorCount: number, filesInError: unknown[]) => void) | undefined,
  ): number;
  getErrorSummaryText(errorCount: number, filesInError: unknown[], newLine: string, host: TS.System): string;
  createDiagnosticReporter(sys: TS.System, pretty: boolean): TS.DiagnosticReporter;
  createWatchStatusReporter(sys: TS.System, pretty: boolean): TS.WatchStatusReporter;
}

const ts = require('typescript-6') as typeof TS & TscSteps;

const TRANSFORMER = 'greenlet-ts/transformer';

/** Exit codes as tsc's (ExitStatus). */
const SUCCESS = 0;
const SKIPPED_WITH_ERRORS = 1;

/** The exit code, or undefined while --watch goes on. */
function main(args: string[]): number | undefined {
  const sys = ts.sys;
  const commandLine = ts.parseCommandLine(args);
  const pretty = (commandLine.options.pretty as boolean | undefined) ?? prettyByDefault(sys);
  const report = ts.createDiagnosticReporter(sys, pretty);
  if (commandLine.errors.length > 0) {
    commandLine.errors.forEach(report);
    return SKIPPED_WITH_ERRORS;
  }
  const o = commandLine.options;
  if (o.version) {
    sys.write(`Version ${ts.version} (greenlet-tsc: greenlet-ts's TypeScript with its transformer)${sys.newLine}`);
    return SUCCESS;
  }
  if (o.help || o.all) {
    sys.write(USAGE.replace(/\n/g, sys.newLine));
    return SUCCESS;
  }
  if (args.some((a) => a === '-b' || a === '--build')) return fail(sys, 'greenlet-tsc does not build project references (--build): run it with -p on each project, in dependency order.');
  if (o.init || o.showConfig || o.listFilesOnly || o.generateTrace || o.generateCpuProfile) {
    return fail(sys, 'greenlet-tsc compiles; for --init, --showConfig and the like run your own tsc.');
  }

  let parsed: TS.ParsedCommandLine;
  let configFile: string | undefined;
  if (commandLine.fileNames.length > 0 && o.project === undefined) {
    parsed = commandLine; // as tsc: files named on the command line, no tsconfig.json
  } else {
    configFile = findConfig(sys, o.project);
    if (configFile === undefined) return fail(sys, `no tsconfig.json found${o.project === undefined ? ` in ${sys.getCurrentDirectory()} or above` : ` at ${o.project}`}: give one with -p.`);
    if (o.watch) return watch(configFile, o, report, pretty);
    const read = ts.getParsedCommandLineOfConfigFile(configFile, o, { ...sys, onUnRecoverableConfigFileDiagnostic: report });
    if (read === undefined) return SKIPPED_WITH_ERRORS;
    parsed = read;
  }
  if (o.watch) return fail(sys, 'greenlet-tsc --watch needs a tsconfig.json (-p).');
  const config = pluginConfig(parsed.options, sys);
  const options = parsed.options;
  const roots = { rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences, configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed) };
  const write = (s: string) => sys.write(s + sys.newLine);
  if (options.incremental || options.composite) {
    // As tsc: a builder program, which reads and writes the .tsbuildinfo file.
    const host = ts.createIncrementalCompilerHost(options, sys);
    host.jsDocParsingMode = JSDOC_PARSING;
    const builder = ts.createIncrementalProgram({ ...roots, host });
    withTransformer(builder.getProgram(), config);
    return ts.emitFilesAndReportErrorsAndGetExitStatus(builder, report, write, summary(sys, pretty));
  }
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = JSDOC_PARSING;
  const program = ts.createProgram({ ...roots, host });
  withTransformer(program, config);
  return ts.emitFilesAndReportErrorsAndGetExitStatus(program, report, write, summary(sys, pretty));
}

/** tsc's: JSDoc is parsed only where type checking needs it (the transformer reads its tags from comments). */
const JSDOC_PARSING = ts.JSDocParsingMode.ParseForTypeErrors;

/** `program.emit` with the transformer first and its diagnostics added to the emit's, as ts-patch does. */
function withTransformer(program: TS.Program, config: GreenletPluginConfig): void {
  const emit = program.emit;
  program.emit = (targetSourceFile, writeFile, cancellationToken, emitOnlyDts, custom) => {
    const added: TS.Diagnostic[] = [];
    const greenlet = greenletTransformer(program, config, { ts, addDiagnostic: (d) => added.push(d) });
    const transformers: TS.CustomTransformers = { ...custom, before: [greenlet, ...(custom?.before ?? [])] };
    const result = emit.call(program, targetSourceFile, writeFile, cancellationToken, emitOnlyDts, transformers);
    return { ...result, diagnostics: [...result.diagnostics, ...added] };
  };
}

/** `--watch`: tsc's watch of a tsconfig.json, every program it makes built with the transformer. */
function watch(configFile: string, options: TS.CompilerOptions, report: TS.DiagnosticReporter, pretty: boolean): undefined {
  const sys = ts.sys;
  const host = ts.createWatchCompilerHost(configFile, options, sys, ts.createEmitAndSemanticDiagnosticsBuilderProgram, report, ts.createWatchStatusReporter(sys, pretty));
  host.jsDocParsingMode = JSDOC_PARSING;
  const create = host.createProgram;
  host.createProgram = (rootNames, opts, compilerHost, old, configDiagnostics, references) => {
    const builder = create(rootNames, opts, compilerHost, old, configDiagnostics, references);
    withTransformer(builder.getProgram(), pluginConfig(opts ?? {}, sys));
    return builder;
  };
  ts.createWatchProgram(host);
  return undefined;
}

/** The options of the tsconfig's plugins entry naming greenlet-ts/transformer, if any; other transformers are not run, and that is said. */
function pluginConfig(options: TS.CompilerOptions, sys: TS.System): GreenletPluginConfig {
  const plugins = (options.plugins ?? []) as ({ transform?: string } & GreenletPluginConfig)[];
  const others = plugins.filter((p) => p.transform !== undefined && !isGreenletTransformer(p.transform)).map((p) => p.transform);
  if (others.length > 0 && !warned) {
    warned = true;
    sys.write(`greenlet-tsc: runs greenlet-ts's transformer only; not run: ${others.join(', ')}${sys.newLine}`);
  }
  const entry = plugins.find((p) => p.transform !== undefined && isGreenletTransformer(p.transform));
  return entry?.warnings === undefined ? {} : { warnings: entry.warnings };
}
let warned = false;

/** 'greenlet-ts/transformer', or a path to it (inside this package's dist/transformer/). */
function isGreenletTransformer(transform: string): boolean {
  return transform === TRANSFORMER || /(^|\/)dist\/transformer(\/index(\.js)?)?$/.test(transform.replace(/\\/g, '/'));
}

function findConfig(sys: TS.System, project: string | undefined): string | undefined {
  if (project === undefined) return ts.findConfigFile(sys.getCurrentDirectory(), sys.fileExists);
  const p = path.resolve(sys.getCurrentDirectory(), project);
  if (sys.directoryExists(p)) {
    const inside = path.join(p, 'tsconfig.json');
    return sys.fileExists(inside) ? inside : undefined;
  }
  return sys.fileExists(p) ? p : undefined;
}

/** tsc's default for --pretty: colours and code frames on a terminal, unless NO_COLOR; FORCE_COLOR forces them. */
function prettyByDefault(sys: TS.System): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR) return true;
  return !!sys.writeOutputIsTTY?.();
}

/** tsc's "Found N errors" line, printed in pretty mode only. */
function summary(sys: TS.System, pretty: boolean): ((errorCount: number, filesInError: unknown[]) => void) | undefined {
  return pretty ? (count, files) => sys.write(ts.getErrorSummaryText(count, files, sys.newLine, sys)) : undefined;
}

function fail(sys: TS.System, message: string): number {
  sys.write(`greenlet-tsc: ${message}${sys.newLine}`);
  return SKIPPED_WITH_ERRORS;
}

const USAGE = `greenlet-tsc: tsc with the greenlet-ts transformer, on greenlet-ts's own TypeScript 6 compiler.
For projects on TypeScript 7, whose compiler runs no transformers (tspc needs TypeScript 5.3-6).

  npx greenlet-tsc               compile the tsconfig.json of the current directory (or above)
  npx greenlet-tsc -p DIR        compile DIR/tsconfig.json (or the file named)
  npx greenlet-tsc --watch       recompile on change
  npx greenlet-tsc a.ts b.ts     compile these files with the options given, as tsc does

Every other tsc option is accepted and overrides the tsconfig.json, as with tsc.
The transformer's options come from the tsconfig.json entry
  "plugins": [{ "transform": "greenlet-ts/transformer" }]
and the transformer runs whether or not that entry is there.
`;

const status = main(process.argv.slice(2));
if (status !== undefined) process.exitCode = status;
