/**
 * A vm script's timeout cutting short a loop that runs bursts of greenlets: 32 start, each
 * switches back to main, then all finish — more at once than the native backend keeps idle
 * threads for (16), so on native this is where a timeout could be dropped with the V8 state of
 * a thread ending mid-script (runtime-native/README.md, "Cancelled terminations"). Prints, for
 * each of argv[2] rounds, whether the timeout came, and that afterwards main is current and a new
 * greenlet starts and returns to it.
 */
import * as vm from 'node:vm';
import { Greenlet, getcurrent } from 'greenlet-ts';

const main = getcurrent();
const rounds = Number(process.argv[2] ?? 20);
// Marked, so that it suspends on cps too (the script's own functions are not transformed).
const backToMain = /** @greenlet */ (): void => {
  main.switch();
};
const script = `for (;;) {
  const burst = Array.from({ length: 32 }, () => new Greenlet(backToMain));
  for (const g of burst) g.switch();
  for (const g of burst) g.switch();
}`;
let lines = '';
for (let round = 0; round < rounds; round++) {
  let timedOut = false;
  try {
    vm.runInNewContext(script, { Greenlet, backToMain, Array }, { timeout: 5 });
  } catch (e) {
    timedOut = /timed out/.test((e as Error).message);
  }
  const toSelf = main.switch('s') === 's'; // brings the runtime up to date (see vm-timeout-cycles)
  const fresh = new Greenlet(/** @greenlet */ (x: number) => x + 1);
  lines += `${timedOut} ${toSelf} ${getcurrent() === main} ${fresh.switch(1)}\n`;
}
process.stdout.write(lines);
