#!/usr/bin/env node
// `npm install` step: builds the native addon with node-gyp. When that fails (no compiler,
// no python, no headers) it says why and how to rebuild, and exits 0 so that the install
// still succeeds and greenlet-ts runs on the cps backend.
'use strict';
const { buildAddon } = require('./node-gyp');

function fail(why) {
  console.warn(
    `\ngreenlet-ts: the native backend was not built: ${why}\n` +
      'greenlet-ts works without it on the cps backend (only functions marked /** @greenlet */ can suspend).\n' +
      'To build it, install python3, make and a C++20 compiler (g++ 12 here), then run `npm rebuild greenlet-ts`\n' +
      '(in a clone of greenlet-ts: `npm run build:native`).\n',
  );
  process.exit(0);
}

const why = buildAddon(__dirname);
if (why) fail(why);
