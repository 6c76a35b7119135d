#!/usr/bin/env node
// Links node_modules/greenlet-ts to this checkout, so that the checkout's own tsconfig files
// (test/, runtime/hub/, examples/) can name "greenlet-ts/transformer" in their plugins the way
// a user's project does: ts-patch resolves a plugin from the project's directory, where Node's
// package self-reference does not apply. Part of `npm run build` (and so of `npm install`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const link = path.join(root, 'node_modules', 'greenlet-ts');

let current;
try {
  current = fs.realpathSync(link);
} catch {
  current = undefined;
}
if (current !== fs.realpathSync(root)) {
  fs.rmSync(link, { recursive: false, force: true });
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync('..', link, 'dir');
}
