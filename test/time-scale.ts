/**
 * How much slower than natively the tests run here: GREENLET_TEST_TIME_SCALE, 1 unless set
 * (scripts/ci/arm64.sh sets it for arm64 under qemu-user). Guards against hanging child
 * processes are multiplied by it; mocha's timeouts are too (scripts/ci/mocha-time-scale.js).
 */
// `process` may be missing: the hub's tests also run in a browser (test/portable/chromium.js).
const setting = typeof process === 'undefined' ? undefined : process.env.GREENLET_TEST_TIME_SCALE;
export const TIME_SCALE = Math.max(1, Number(setting) || 1);

/** `ms` on this machine. */
export function scaled(ms: number): number {
  return ms * TIME_SCALE;
}
