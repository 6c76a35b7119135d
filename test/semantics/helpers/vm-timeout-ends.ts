/**
 * A vm script that ends by itself just as its timeout fires, many times over; after each, in
 * the event loop's next turn, greenlets run outside any vm. On native the timeout may have
 * come while a finishing greenlet's thread handed the isolate over, and then waits in that
 * thread's V8 state (runtime-native/README.md, "Cancelled terminations"); by the next turn its
 * script is gone, so it must not terminate a later greenlet (and, through it, the program).
 * Prints how many of the later greenlets returned what they should, out of how many.
 */
import * as vm from 'node:vm';
import { Greenlet } from 'greenlet-ts';

const rounds = Number(process.argv[2] ?? 300);
const script = new vm.Script('{ const end = Date.now() + 3; while (Date.now() < end) new Greenlet(() => {}).switch(); }');
const context = vm.createContext({ Greenlet, Date });
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function main(): Promise<void> {
  let ok = 0;
  for (let round = 0; round < rounds; round++) {
    try {
      script.runInContext(context, { timeout: 3 });
    } catch (e) {
      if (!/timed out/.test((e as Error).message)) throw e;
    }
    await turn();
    for (let i = 0; i < 20; i++) if (new Greenlet(/** @greenlet */ (x: number) => x + 1).switch(i) === i + 1) ok++;
  }
  process.stdout.write(`later greenlets ok ${ok} of ${rounds * 20}\n`);
}
void main();
