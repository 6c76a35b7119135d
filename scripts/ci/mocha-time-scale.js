// mocha --require, from scripts/ci/arm64.sh: every test's timeout times GREENLET_TEST_TIME_SCALE.
//
// Under qemu-user a program runs several times slower than natively, so timeouts chosen for
// native runs fire on tests that are only slow. Scaled in the setter of tests and hooks (where
// mocha's default, a suite's `this.timeout(n)` and a test's own all arrive, once each), not of
// suites: a suite hands its timeout down to its suites through theirs, and it would be scaled
// again at every level. (A timeout given as a string, '2s', is not scaled; the tests use none.)
// The tests' own guards against hanging children use the same variable (test/time-scale.ts).
'use strict';
const Runnable = require('mocha/lib/runnable');

const scale = Number(process.env.GREENLET_TEST_TIME_SCALE || 1);
if (scale > 1) {
  const timeout = Runnable.prototype.timeout;
  Runnable.prototype.timeout = function (ms) {
    if (arguments.length === 0) return timeout.call(this);
    return timeout.call(this, typeof ms === 'number' && ms > 0 ? ms * scale : ms);
  };
}
