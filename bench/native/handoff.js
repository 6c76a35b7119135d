#!/usr/bin/env node
// The floor under a native switch, next to the switch itself, in one process: V8's isolate lock
// handed between two threads by a C++ loop (bench/native/handoff/, no JavaScript between
// hand-offs), each sample followed by one of the two-greenlet ping-pong of
// bench/native/pingpong.js. A switch is that hand-off plus the call into the addon and the
// JavaScript of switch().
//
//   node bench/native/handoff.js [hand-offs per sample] [samples] [--cpus A,B] [--json]
//
// The two threads share the CPU the loop starts on, as a switch's threads do by default (the
// waiter yields to the other); with GREENLET_COLOCATE=0 the scheduler places them (the waiter
// spins). --cpus A,B pins them to CPUs A and B instead (-1,-1: not at all). The same two
// threads handing only a flag back and forth, with V8 left out, show how much of the floor is
// the threads' own hand-off (on one CPU, the scheduler's switch between them). --json prints
// the figures the way bench/run.js reads them. Builds the floor addon on first use (node-gyp).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { buildAddon } = require('../../runtime-native/node-gyp');
const { parseColocate } = require('../../dist/runtime-native/settings');
const { format, summary } = require('./stats');

const dir = path.join(__dirname, 'handoff');
const file = path.join(dir, 'build', 'Release', 'greenlet_handoff_floor.node');

const args = process.argv.slice(2);
/** Removes `name` (and its value, `withValue`) from args: the value, true, or undefined when absent. */
const option = (name, withValue) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, withValue ? 2 : 1);
  return withValue ? value ?? '' : true;
};
const json = option('--json', false) === true;
const cpusFlag = option('--cpus', true);
const N = Number(args[0] ?? 100_000);
const SAMPLES = Number(args[1] ?? 9);

if (!fs.existsSync(file)) {
  const why = buildAddon(dir, json ? ['ignore', 'ignore', 'inherit'] : 'inherit');
  if (why) {
    console.error(`bench/native/handoff: the floor addon was not built: ${why}`);
    process.exit(1);
  }
}
const { handOff, threadsAlone, currentCpu } = require(file);

// As the native backend reads it (a bad value is reported when the ping-pong loads greenlet-ts).
const colocate = parseColocate(process.env.GREENLET_COLOCATE) !== false;
const here = currentCpu();
const cpus = cpusFlag !== undefined ? cpusFlag.split(',').map(Number) : colocate && here >= 0 ? [here, here] : [-1, -1];
if (cpus.length !== 2 || cpus.some((c) => !Number.isInteger(c))) {
  console.error('--cpus wants two CPU numbers, e.g. --cpus 0,1');
  process.exit(2);
}

const sameCpu = cpus[0] >= 0 && cpus[0] === cpus[1];

// The greenlet ping-pong too, in the same process: the host's speed moves within seconds here
// (all three figures move together), so each greenlet sample is paired with the floor sample
// taken just before it.
const { greenletSample, main: pingpongMain } = require('./pingpong');

handOff(Math.min(N, 10_000), cpus[0], cpus[1]); // warm up
greenletSample(Math.min(N, 10_000));
// Alternating, so that all see the same minutes of the machine.
const floor = [];
const alone = [];
const paired = [];
const over = [];
for (let s = 0; s < SAMPLES; s++) {
  floor.push(handOff(N, cpus[0], cpus[1]));
  alone.push(threadsAlone(N, cpus[0], cpus[1]));
  paired.push(greenletSample(N));
  over.push(paired[s] - floor[s]);
}

if (json) {
  const record = (bench, xs) => ({ bench, ...summary(xs), unit: 'ns', samples: SAMPLES, sameCpu });
  console.log(JSON.stringify(record('v8-handoff', floor)));
  console.log(JSON.stringify(record('threads-handoff', alone)));
  console.log(JSON.stringify(record('native-paired', paired)));
  console.log(JSON.stringify(record('native-over-floor', over)));
} else {
  const where = cpus[0] < 0 ? 'threads placed by the scheduler' : sameCpu ? `both threads on CPU ${cpus[0]}` : `threads on CPUs ${cpus[0]} and ${cpus[1]}`;
  console.log(`V8 lock hand-off alone (C++ loop, ${where}): ${format(floor, 0)}, ${SAMPLES} samples of ${N}`);
  console.log(`  of which the two threads' own hand-off, without V8: ${format(alone, 0)}${sameCpu ? " (on one CPU: the scheduler's switch between them)" : ''}`);
  console.log(`native greenlet ping-pong, each sample right after one of the floor: ${format(paired, 0)}`);
  console.log(`  per pair, greenlet switch minus hand-off: ${format(over, 0)}`);
  console.log(`  pairs (floor/greenlet): ${floor.map((f, i) => `${f.toFixed(0)}/${paired[i].toFixed(0)}`).join(' ')}`);
  console.log('the ping-pongs on their own (bench/native/pingpong.js), which prints the load:');
  pingpongMain(N, SAMPLES);
}
