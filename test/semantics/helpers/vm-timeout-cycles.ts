/**
 * A vm script's timeout cutting short a loop that starts greenlets one after another: the
 * termination lands anywhere — in the loop, in a greenlet, or inside the main greenlet's own
 * switch between choosing the greenlet to start and starting it. Prints, for each of argv[2]
 * rounds, whether the timeout came, and that afterwards main switching to itself goes on at
 * once, main is current, and a new greenlet (its parent main) starts and returns to it
 * (runtime: Backend.sync, transfer.mainRuns).
 */
import * as vm from 'node:vm';
import { Greenlet, getcurrent } from 'greenlet-ts';

const main = getcurrent();
const rounds = Number(process.argv[2] ?? 20);
let lines = '';
for (let round = 0; round < rounds; round++) {
  let timedOut = false;
  try {
    vm.runInNewContext('for (;;) new Greenlet(() => {}).switch();', { Greenlet }, { timeout: 5 });
  } catch (e) {
    timedOut = /timed out/.test((e as Error).message);
  }
  // The first switch or throw brings the runtime up to date (on cps, `getcurrent()` may name the
  // interrupted greenlet until then); switching to itself, main goes on at once.
  const toSelf = main.switch('s') === 's';
  const fresh = new Greenlet(/** @greenlet */ (x: number) => x + 1);
  lines += `${timedOut} ${toSelf} ${getcurrent() === main} ${fresh.parent === main} ${fresh.switch(1)}\n`;
}
process.stdout.write(lines);
