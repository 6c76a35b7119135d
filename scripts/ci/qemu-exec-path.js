// Preloaded (--require) into arm64 Node run under qemu-user by scripts/ci/arm64.sh.
//
// Without binfmt_misc (a container cannot register it) the kernel cannot execute an arm64
// binary, so a child started with process.execPath — the test runner's mocha, the fixtures,
// the suites' child processes — would fail with ENOEXEC. The script renames the arm64 binary
// to bin/node-aarch64 and puts a wrapper that runs it under qemu at bin/node; qemu reports
// the binary's own path as the executable, and this points process.execPath back at the
// wrapper, next to it. Nothing else changes: the children are the same arm64 Node, emulated.
'use strict';
const path = require('node:path');

if (path.basename(process.execPath) === 'node-aarch64') {
  process.execPath = path.join(path.dirname(process.execPath), 'node');
}
