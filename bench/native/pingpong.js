#!/usr/bin/env node
// Two-greenlet ping-pong on the native backend (and the main greenlet with one greenlet), next
// to a plain generator ping-pong in the same process: median ns per switch over several
// samples, how the waits ended (before or after parking), and how often a thread was pinned to
// follow a switch (GREENLET_COLOCATE).
// Usage: node bench/native/pingpong.js [switches per sample] [samples]
// (needs `npm run build` and the addon; runs with GREENLET_BACKEND=native).
'use strict';
process.env.GREENLET_BACKEND = 'native';
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const { Greenlet, getcurrent } = require(root);
const addon = require(path.join(root, 'runtime-native', 'build', 'Release', 'greenlet_native.node'));

const { format, machine } = require('./stats');

/** One sample: ns per switch of two greenlets switching `n` times between them. */
function greenletSample(n) {
  let pong;
  const ping = new Greenlet(() => {
    for (let i = 0; i < n / 2; i++) pong.switch(i);
  });
  pong = new Greenlet(() => {
    for (;;) ping.switch();
  });
  const t0 = process.hrtime.bigint();
  ping.switch();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  pong.throw(); // ends it, so no thread is left behind
  return ns;
}

/** The main greenlet and one greenlet: main's thread is Node's own, never pinned. */
function mainSample(n) {
  const root = getcurrent();
  const child = new Greenlet(() => {
    for (;;) root.switch();
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n / 2; i++) child.switch(i);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  child.throw();
  return ns;
}

function generatorSample(n) {
  function* side() {
    for (;;) yield;
  }
  const a = side();
  const b = side();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n / 2; i++) {
    a.next(i);
    b.next(i);
  }
  return Number(process.hrtime.bigint() - t0) / n;
}

/** Prints the three ping-pongs, `samples` of `n` switches each (and how the waits ended). */
function main(n, samples) {
  greenletSample(n); // warm up the JIT
  mainSample(n);
  generatorSample(n);
  const before = addon.stats();
  const native = [];
  const withMain = [];
  const gen = [];
  for (let s = 0; s < samples; s++) {
    native.push(greenletSample(n));
    withMain.push(mainSample(n));
    gen.push(generatorSample(n));
  }
  const after = addon.stats();
  const fmt = (xs) => format(xs, 1);
  console.log(`native greenlet ping-pong: ${fmt(native)} per switch, ${samples} samples of ${n} switches`);
  console.log(`main ↔ greenlet ping-pong: ${fmt(withMain)} per switch`);
  console.log(`generator ping-pong:       ${fmt(gen)} per switch`);
  console.log(
    `waits ended before parking: ${after.spun - before.spun}, after: ${after.parked - before.parked}; ` +
      `threads pinned to follow a switch: ${after.pins - before.pins} (colocation ${after.colocate ? 'on' : 'off'})`,
  );
  console.log(machine());
}

module.exports = { greenletSample, main };
if (require.main === module) main(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 9));
