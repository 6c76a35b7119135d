/**
 * A termination that is cancelled: a vm script's timeout ends greenlets running inside the
 * script, and the program goes on. Prints, for each of argv[2] rounds, what the main greenlet
 * sees afterwards: it is current again, the terminated greenlet is dead, and greenlets still
 * work (runtime-native: ThreadState::ReportTerminated, backend.ts's onTerminated).
 */
import * as vm from 'node:vm';
import { Greenlet, getcurrent } from 'greenlet-ts';

const main = getcurrent();
const rounds = Number(process.argv[2] ?? 5);

/** Runs `code` in a vm context holding `names`; whether it timed out after 20 ms. */
function timesOut(code: string, names: Record<string, unknown>): boolean {
  try {
    vm.runInNewContext(code, { ...names }, { timeout: 20 });
    return false;
  } catch (e) {
    return /timed out/.test((e as Error).message);
  }
}

for (let round = 0; round < rounds; round++) {
  // A greenlet that never switches back: it holds the isolate when the timeout comes.
  const spinner = new Greenlet(() => {
    for (;;);
  });
  const spun = timesOut('spinner.switch()', { spinner });
  const afterSpin = [spun, getcurrent() === main, spinner.dead, spinner.switch(7) === 7].join(' ');

  // Two greenlets switching to each other: the timeout ends whichever runs; the other stays
  // suspended, and switching to it goes on where it was (its partner is dead, so its next
  // switch goes to its parent, main).
  let a: Greenlet;
  let b: Greenlet;
  let rounds = 0;
  a = new Greenlet(() => {
    for (;;) b.switch();
  });
  b = new Greenlet(() => {
    for (;;) {
      rounds++;
      a.switch();
    }
  });
  const pinged = timesOut('a.switch()', { a });
  const survivor = a.dead ? b : a;
  const oneDead = a.dead !== b.dead;
  const back = survivor.switch('x') === undefined && getcurrent() === main;
  const fresh = new Greenlet((x: number) => main.switch(x + 1));
  console.log(`${afterSpin} | ${pinged} ${oneDead} ${back} ${rounds > 0} | ${fresh.switch(41)}`);
}
