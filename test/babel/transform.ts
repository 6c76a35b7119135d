// Runs greenlet-ts/babel the way a Babel build does, through @babel/core's transformSync.
import * as babel from '@babel/core';
import { stripVTControlCharacters } from 'node:util';

/** preset-typescript for .ts files; plain JavaScript files get the plugin alone. */
export function transform(source: string, filename: string, options: babel.TransformOptions = {}): string {
  const typescript = /\.tsx?$/.test(filename);
  const result = babel.transformSync(source, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: 'unambiguous',
    presets: typescript ? [require.resolve('@babel/preset-typescript')] : [],
    plugins: [require.resolve('greenlet-ts/babel')],
    ...options,
  });
  return result!.code!;
}

/**
 * The error `transform` throws, if any, with its message as a user reads it minus the terminal's
 * colours: Babel colours its code frame when it thinks the terminal can (CI=true, FORCE_COLOR),
 * and the tests check the text whatever terminal runs them.
 */
export function transformCatching(source: string, filename: string): Error | undefined {
  try {
    withWarnings(() => transform(source, filename));
    return undefined;
  } catch (error) {
    const e = error as Error;
    e.message = stripVTControlCharacters(e.message);
    return e;
  }
}

/** Runs `fn`, collecting what it passes to console.warn. */
export function withWarnings<T>(fn: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    return { result: fn(), warnings };
  } finally {
    console.warn = warn;
  }
}
