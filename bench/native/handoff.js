#!/usr/bin/env node
// The floor under a native switch, next to the switch itself, in one process: V8's isolate lock
// handed between two threads by a C++ loop (bench/native/handoff/, no JavaScript between
// hand-offs, waits that only spin), then the two-greenlet ping-pong of bench/native/pingpong.js.
// A switch is that hand-off plus the call into the addon and the JavaScript of switch().
//
//   node bench/native/handoff.js [hand-offs per sample] [samples] [--cpus A,B] [--json]
//
// --cpus A,B pins the two threads of the floor loop to CPUs A and B (A,A: the same CPU, where a
// hand-off must go through the scheduler, as the waiter only yields); --json prints the figure
// the way bench/run.js reads it. Builds the floor addon on first use (node-gyp, as npm install).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildAddon } = require('../../runtime-native/node-gyp');

const dir = path.join(__dirname, 'handoff');
const file = path.join(dir, 'build', 'Release', 'greenlet_handoff_floor.node');

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1] ?? '';
};
const json = args.includes('--json') && args.splice(args.indexOf('--json'), 1);
const cpus = (flag('--cpus') ?? '-1,-1').split(',').map(Number);
const N = Number(args[0] ?? 100_000);
const SAMPLES = Number(args[1] ?? 9);
if (cpus.length !== 2 || cpus.some((c) => !Number.isInteger(c))) {
  console.error('--cpus wants two CPU numbers, e.g. --cpus 0,1');
  process.exit(2);
}

if (!fs.existsSync(file)) {
  const why = buildAddon(dir, json ? ['ignore', 'ignore', 'inherit'] : 'inherit');
  if (why) {
    console.error(`bench/native/handoff: the floor addon was not built: ${why}`);
    process.exit(1);
  }
}
const { handOff } = require(file);

const sorted = (xs) => xs.slice().sort((a, b) => a - b);
const median = (xs) => sorted(xs)[xs.length >> 1];
const q1 = (xs) => sorted(xs)[Math.floor((xs.length - 1) / 4)];
const q3 = (xs) => sorted(xs)[Math.ceil(((xs.length - 1) * 3) / 4)];

handOff(Math.min(N, 10_000), cpus[0], cpus[1]); // warm up
const floor = [];
for (let s = 0; s < SAMPLES; s++) floor.push(handOff(N, cpus[0], cpus[1]));

if (json) {
  const record = { bench: 'v8-handoff', median: median(floor), p25: q1(floor), p75: q3(floor), unit: 'ns', samples: SAMPLES };
  console.log(JSON.stringify(record));
} else {
  const fmt = (xs) => `${median(xs).toFixed(0)} ns (quartiles ${q1(xs).toFixed(0)}–${q3(xs).toFixed(0)})`;
  const where = cpus[0] < 0 ? 'threads placed by the scheduler' : `threads on CPUs ${cpus[0]} and ${cpus[1]}`;
  console.log(`V8 lock hand-off alone (C++ loop, ${where}): ${fmt(floor)}, ${SAMPLES} samples of ${N}`);
  console.log(`cpus: ${os.availableParallelism()}, load average: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('the greenlet ping-pong, for comparison (bench/native/pingpong.js):');
  require('./pingpong');
}
