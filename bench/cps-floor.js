#!/usr/bin/env node
// Where a cps switch's time goes: one process, three ping-pongs of 2×1000 switches, each a step
// closer to the real thing. `node --expose-gc bench/cps-floor.js` (after `npm run build`);
// `node bench/cps-floor.js --valgrind` counts instructions per switch instead (needs valgrind;
// deterministic, so it holds on a busy machine where timings do not).
//   raw          two generators and a trampoline (the baseline of `npm run bench`)
//   protocol     twins as the transformer emits them — `call1(g.switch, g, x)`, made by a bare
//                stand-in for the runtime's transfer — run by a bare loop
//   cps          the cps backend itself, with twins written as the transformer emits them
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
process.env.GREENLET_BACKEND = 'cps';
const { Greenlet, getcurrent } = require(root);
const protocol = require(path.join(root, 'dist', 'runtime', 'protocol.js'));

const K = 1000;

function raw() {
  function* answer() {
    let x = 0;
    for (;;) x = yield x + 1;
  }
  const a = answer();
  const b = answer();
  a.next();
  b.next();
  return () => {
    let current = a;
    let x = 0;
    for (let i = 0; i < 2 * K; i++) {
      x = current.next(x).value;
      current = current === a ? b : a;
    }
    return x;
  };
}

/** The protocol without the runtime: greenlet-like records, one frame each, a bare loop. */
function bare() {
  const { CALL, call1, setTransfers } = protocol;
  // Registered as the trampoline registers Greenlet#switch (it registers its own at its first
  // run, so the cps variant after this one is unaffected): the switch is made at the call, and
  // the loop runs the greenlet it made current.
  const SWITCH = function () {};
  let current;
  const unused = () => {
    throw new Error('only switch1 is used here');
  };
  setTransfers(SWITCH, function () {}, {
    switch1(target, arg) {
      target.mail = arg;
      current = target;
      return CALL;
    },
    switch: unused,
    throw: unused,
  });
  const main = { switch: SWITCH, mail: undefined };
  const ga = { switch: SWITCH, mail: undefined, frames: null };
  const gb = { switch: SWITCH, mail: undefined, frames: null };
  const twinA = function* () {
    let _recv, _r;
    let x = 0;
    for (;;) {
      for (let i = 0; i < K; i++) x = (_r = call1((_recv = gb).switch, _recv, x + 1)) === CALL ? yield _r : _r;
      (_r = call1((_recv = main).switch, _recv, x)) === CALL ? yield _r : _r;
    }
  };
  const twinB = function* () {
    let _recv, _r;
    let x = 0;
    for (;;) x = (_r = call1((_recv = ga).switch, _recv, x + 1)) === CALL ? yield _r : _r;
  };
  ga.frames = [twinA()];
  gb.frames = [twinB()];
  return () => {
    let g = ga;
    for (;;) {
      if (g === main) return main.mail;
      const value = g.mail;
      g.mail = undefined;
      const frames = g.frames;
      const r = frames[frames.length - 1].next(value);
      if (r.value !== CALL) throw new Error('unexpected yield');
      g = current;
    }
  };
}

/**
 * The cps backend; the twins are what the transformer emits for the marked functions below: a
 * switch the checker proves is Greenlet#switch goes through `call1` (transformer/calls.ts).
 */
function cps() {
  const { twin, call1, CALL } = protocol;
  const main = getcurrent();
  let a;
  let b;
  function pingA() {}
  twin(pingA, function* () {
    let _recv, _r;
    let x = 0;
    for (;;) {
      for (let i = 0; i < K; i++) x = (_r = call1((_recv = b).switch, _recv, x + 1)) === CALL ? yield _r : _r;
      (_r = call1((_recv = main).switch, _recv, x)) === CALL ? yield _r : _r;
    }
  });
  function pingB() {}
  twin(pingB, function* () {
    let _recv, _r;
    let x = 0;
    for (;;) x = (_r = call1((_recv = a).switch, _recv, x + 1)) === CALL ? yield _r : _r;
  });
  a = new Greenlet(pingA);
  b = new Greenlet(pingB);
  return () => a.switch();
}

const variants = { raw, protocol: bare, cps };

async function timeAll() {
  const { measure } = await import('mitata');
  const rows = [];
  for (const [name, make] of Object.entries(variants)) {
    const fn = make();
    const s = await measure(fn, { min_cpu_time: 400e6 });
    rows.push([name, s.p50 / (2 * K), s.p25 / (2 * K), s.p75 / (2 * K)]);
  }
  const base = rows[0][1];
  console.log('| variant | ns per switch, median [p25–p75] | / raw |\n| --- | --- | --- |');
  for (const [name, m, lo, hi] of rows) console.log(`| ${name} | ${m.toFixed(1)} [${lo.toFixed(1)}–${hi.toFixed(1)}] | ${(m / base).toFixed(2)} |`);
}

/** One variant, `rounds` timed calls after a warm-up: the unit of the instruction count. */
function runFixed(name, rounds) {
  const fn = variants[name]();
  for (let i = 0; i < 200; i++) fn();
  for (let i = 0; i < rounds; i++) fn();
}

function countAll() {
  const count = (name, rounds) => {
    const r = spawnSync(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', __filename, '--fixed', name, String(rounds)],
      { encoding: 'utf8', env: { ...process.env, GREENLET_BACKEND: 'cps' } },
    );
    const m = /Collected : (\d+)/.exec(r.stderr || '');
    if (!m) throw new Error(`valgrind failed: ${(r.error && r.error.message) || r.stderr}`);
    return Number(m[1]);
  };
  console.log('| variant | instructions per switch | / raw |\n| --- | --- | --- |');
  let base;
  for (const name of Object.keys(variants)) {
    // The difference of two runs leaves out start-up and warm-up; 900 rounds (1.8 million
    // switches) between them, as with fewer the optimizing compiler's and the collector's timing
    // moved a count by up to a fifth.
    const per = (count(name, 1000) - count(name, 100)) / (900 * 2 * K);
    base ??= per;
    console.log(`| ${name} | ${Math.round(per)} | ${(per / base).toFixed(2)} |`);
  }
}

if (process.argv[2] === '--fixed') runFixed(process.argv[3], Number(process.argv[4]));
else if (process.argv[2] === '--valgrind') countAll();
else timeAll();
