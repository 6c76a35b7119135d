// Samples as bench/native prints them: median and quartiles, and the machine's state.
'use strict';
const os = require('node:os');

/** Median and quartiles of `xs`. */
function summary(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return { median: s[s.length >> 1], p25: s[Math.floor((s.length - 1) / 4)], p75: s[Math.ceil(((s.length - 1) * 3) / 4)] };
}

/** "M ns (quartiles A–B)" with `digits` decimals. */
function format(xs, digits) {
  const { median, p25, p75 } = summary(xs);
  return `${median.toFixed(digits)} ns (quartiles ${p25.toFixed(digits)}–${p75.toFixed(digits)})`;
}

function machine() {
  return `cpus: ${os.availableParallelism()}, load average: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`;
}

module.exports = { summary, format, machine };
