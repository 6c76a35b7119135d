#!/usr/bin/env node
// Runs when greenlet-ts is installed (postinstall): if the project that installs it has
// TypeScript 7 or later, says now what to build with, before `npx tspc` fails inside ts-patch
// with a stack trace. TypeScript 7's compiler (Go) has no transformer API: ts-patch cannot patch
// it and tspc cannot run the greenlet-ts transformer there. A notice only; never fails the install.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function projectTypeScript(dir) {
  try {
    const file = require.resolve('typescript/package.json', { paths: [dir] });
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return undefined; // no TypeScript there (a Babel or plain JavaScript project)
  }
}

const project = process.env.INIT_CWD;
const version = project && path.resolve(project) !== path.resolve(__dirname, '..') ? projectTypeScript(project) : undefined;
const major = version === undefined ? NaN : Number(version.split('.')[0]);
if (major >= 7) {
  process.stderr.write(
    `greenlet-ts: this project has TypeScript ${version}, whose compiler runs no transformers, so tspc ` +
      'cannot build greenlet code with it (ts-patch supports TypeScript 5 and 6).\n' +
      '  Build with `npx greenlet-tsc` (same options as tsc: -p, --watch, ...): the greenlet-ts transformer on ' +
      'the TypeScript 6 compiler greenlet-ts brings; keep TypeScript 7 for type checking and your editor.\n' +
      '  Or use TypeScript 6 with tspc: npm install --save-dev typescript@6 ts-patch@3.3\n',
  );
}
