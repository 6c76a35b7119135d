/**
 * A termination that is cancelled: a vm script's timeout ends greenlets running inside the
 * script, and the program goes on. Prints, for each of argv[2] rounds, what the main greenlet
 * sees afterwards: it is current again, the terminated greenlet is dead, and greenlets still
 * work. (Native: the addon reports the terminated greenlets, ThreadState::ReportTerminated;
 * cps: the first switch afterwards finds the trampoline's loop gone, cps.sync.)
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
  const spinner = new Greenlet(/** @greenlet */ () => {
    for (;;);
  });
  const spun = timesOut('spinner.switch()', { spinner });
  // On cps the runtime learns of the termination at the next switch or throw (cps.sync); on
  // native at once. Switching to a dead greenlet goes to its parent: here main itself.
  const toDead = spinner.switch(7) === 7;
  const afterSpin = [spun, toDead, getcurrent() === main, spinner.dead].join(' ');

  // Two greenlets switching to each other: the timeout ends whichever runs; the other stays
  // suspended, and switching to it goes on where it was (its partner is dead, so its next
  // switch goes to its parent, main).
  let a: Greenlet;
  let b: Greenlet;
  let rounds = 0;
  a = new Greenlet(/** @greenlet */ () => {
    for (;;) b.switch();
  });
  b = new Greenlet(/** @greenlet */ () => {
    for (;;) {
      rounds++;
      a.switch();
    }
  });
  const pinged = timesOut('a.switch()', { a });
  const toSelf = main.switch('s') === 's'; // and the state is up to date on both backends
  const survivor = a.dead ? b : a;
  const oneDead = a.dead !== b.dead;
  const back = survivor.switch('x') === undefined && getcurrent() === main;
  const fresh = new Greenlet(/** @greenlet */ (x: number) => main.switch(x + 1));
  console.log(`${afterSpin} | ${pinged} ${toSelf} ${oneDead} ${back} ${rounds > 0} | ${fresh.switch(41)}`);
}
