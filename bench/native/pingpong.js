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

const N = Number(process.argv[2] ?? 100_000);
const SAMPLES = Number(process.argv[3] ?? 9);
const { format, machine } = require('./stats');

function greenletSample() {
  let pong;
  const ping = new Greenlet(() => {
    for (let i = 0; i < N / 2; i++) pong.switch(i);
  });
  pong = new Greenlet(() => {
    for (;;) ping.switch();
  });
  const t0 = process.hrtime.bigint();
  ping.switch();
  const ns = Number(process.hrtime.bigint() - t0) / N;
  pong.throw(); // ends it, so no thread is left behind
  return ns;
}

/** The main greenlet and one greenlet: main's thread is Node's own, never pinned. */
function mainSample() {
  const root = getcurrent();
  const child = new Greenlet(() => {
    for (;;) root.switch();
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N / 2; i++) child.switch(i);
  const ns = Number(process.hrtime.bigint() - t0) / N;
  child.throw();
  return ns;
}

function generatorSample() {
  function* side() {
    for (;;) yield;
  }
  const a = side();
  const b = side();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N / 2; i++) {
    a.next(i);
    b.next(i);
  }
  return Number(process.hrtime.bigint() - t0) / N;
}

greenletSample(); // warm up the JIT
mainSample();
generatorSample();
const before = addon.stats();
const native = [];
const withMain = [];
const gen = [];
for (let s = 0; s < SAMPLES; s++) {
  native.push(greenletSample());
  withMain.push(mainSample());
  gen.push(generatorSample());
}
const after = addon.stats();
const fmt = (xs) => format(xs, 1);
console.log(`native greenlet ping-pong: ${fmt(native)} per switch, ${SAMPLES} samples of ${N} switches`);
console.log(`main ↔ greenlet ping-pong: ${fmt(withMain)} per switch`);
console.log(`generator ping-pong:       ${fmt(gen)} per switch`);
console.log(
  `waits ended before parking: ${after.spun - before.spun}, after: ${after.parked - before.parked}; ` +
    `threads pinned to follow a switch: ${after.pins - before.pins} (colocation ${after.colocate ? 'on' : 'off'})`,
);
console.log(machine());
