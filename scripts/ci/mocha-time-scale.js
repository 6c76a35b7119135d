// mocha --require, from scripts/ci/arm64.sh: every test's timeout times GREENLET_TEST_TIME_SCALE.
//
// Under qemu-user a program runs several times slower than natively, so timeouts chosen for
// native runs fire on tests that are only slow. Scaled where mocha arms its timer, not in the
// `timeout()` setter: suites hand their timeout down to their tests through that setter, and
// it would be scaled again at every level. The tests' own guards against hanging children use
// the same variable (test/time-scale.ts).
'use strict';
const Runnable = require('mocha/lib/runnable');

const scale = Number(process.env.GREENLET_TEST_TIME_SCALE || 1);
const MAX_TIMEOUT = 2 ** 31 - 1; // setTimeout's limit, as mocha's own
if (scale > 1) {
  const resetTimeout = Runnable.prototype.resetTimeout;
  Runnable.prototype.resetTimeout = function () {
    const ms = this._timeout;
    if (ms > 0) this._timeout = Math.min(ms * scale, MAX_TIMEOUT);
    try {
      return resetTimeout.call(this);
    } finally {
      this._timeout = ms;
    }
  };
}
