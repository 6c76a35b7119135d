// A termination that is cancelled (a vm script's timeout, the REPL's Ctrl-C) cuts the running
// greenlet's JavaScript short — not even its finally blocks run — and the program goes on: that
// greenlet is dead, the main greenlet is current, and greenlets work as before, on both backends.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { scaled } from '../time-scale';

/** Runs helpers/NAME.js with `rounds` and checks that it printed `output` and ended well. */
function expectOutput(name: string, rounds: number, output: string): void {
  const script = path.join(__dirname, 'helpers', `${name}.js`);
  const r = spawnSync(process.execPath, [script, String(rounds)], { encoding: 'utf8', timeout: scaled(60_000) });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, output);
  assert.equal(r.status, 0);
}

/** As expectOutput, for a helper that prints `line` once per round. */
function expectRounds(name: string, rounds: number, line: string): void {
  expectOutput(name, rounds, `${line}\n`.repeat(rounds));
}

describe('a termination that is cancelled (vm timeout)', () => {
  it('leaves the interrupted greenlet dead, the main greenlet current, and switches working', function () {
    this.timeout(60_000);
    // Per round: the spinner timed out, switching to it goes to its parent (main), main is
    // current, the spinner is dead | the ping-pong timed out, main switching to itself returns
    // at once, exactly one of the pair is dead, the survivor's next switch goes to its dead
    // partner's parent (main), the pair did play | a new greenlet works.
    expectRounds('vm-timeout', 5, 'true true true true | true true true true true | 42');
  });

  it('in a loop starting greenlets, leaves the main greenlet current wherever it came', function () {
    // On native this also shows that no timeout is lost: one that fires while a finishing
    // greenlet's thread hands the isolate over stays with that thread's V8 state until it runs
    // its next greenlet (runtime-native/README.md, "Cancelled terminations"). Lost, the script
    // would run on and the child be killed at 60 s.
    this.timeout(60_000);
    // Per round: the timeout came, main switching to itself goes on, main is current, a new
    // greenlet's parent is main, and it returns 2 to it.
    expectRounds('vm-timeout-cycles', 20, 'true true true true 2');
  });

  it('in a loop of bursts of greenlets finishing together, comes every time', function () {
    // On native, 32 finishing at once are more than the 16 idle threads kept: the others wait
    // for the event loop to end, so no timeout is dropped with an ending thread's V8 state.
    this.timeout(60_000);
    // Per round: the timeout came, main switching to itself goes on, main is current, a new
    // greenlet returns 2 to it.
    expectRounds('vm-timeout-burst', 20, 'true true true 2');
  });

  it('that fires as its script ends by itself terminates nothing after the event loop turned', function () {
    // On native such a timeout can wait in an idle thread's V8 state; run in a later greenlet,
    // it would end that greenlet and then the program, silently (10 of 30 processes before
    // stale ones were dropped at the next turn).
    this.timeout(60_000);
    // 300 rounds of 20 greenlets each, every one returning its argument plus one.
    expectOutput('vm-timeout-ends', 300, 'later greenlets ok 6000 of 6000\n');
  });
});
