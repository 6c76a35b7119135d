/**
 * AsyncLocalStorage across scavenges while greenlets are suspended. On Node 24 and later its
 * current frame lives in V8's per-isolate continuation data, which V8's collector visits once per
 * thread — and a suspended greenlet's thread is one more. Visited twice, a young frame was moved
 * twice and left a husk behind: the scavenger aborted ("Stacktrace: ptr0=…") within the first
 * few collections, or getStore() returned garbage. Prints "ok N" or dies.
 * (Which frame a greenlet sees after a switch is not asked here: the main greenlet sets them all.)
 * Run: node --expose-gc async-context.js [suspended greenlets] [rounds]
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Greenlet, getcurrent } from 'greenlet-ts';

declare const gc: (options?: { type: 'minor' | 'major' }) => void;

const GREENLETS = Number(process.argv[2] ?? 4);
const ROUNDS = Number(process.argv[3] ?? 1000);
const main = getcurrent();
const als = new AsyncLocalStorage<{ round: number }>();

// Suspended: their threads' V8 state is archived while the main greenlet runs.
const suspended = Array.from({ length: GREENLETS }, (_, i) => {
  const g = new Greenlet(() => {
    const kept = { list: [i, i * 2] };
    main.switch();
    return kept.list[0]! + kept.list[1]!;
  });
  g.switch();
  return g;
});

let litter: unknown;
for (let round = 0; round < ROUNDS; round++) {
  als.enterWith({ round }); // a young frame in the continuation data
  // A second holder of the same frame: if the scavenge moves the frame twice, the snapshot is
  // left with the husk of the first move.
  const snapshot = AsyncLocalStorage.snapshot();
  for (let k = 0; k < 40; k++) litter = { k, list: [k, round] };
  gc({ type: 'minor' });
  const seen = als.getStore()?.round;
  if (seen !== round) throw new Error(`round ${round}: the store reads ${String(seen)}`);
  const snapped = snapshot(() => als.getStore()?.round);
  if (snapped !== round) throw new Error(`round ${round}: the snapshot reads ${String(snapped)}`);
}
void litter;
const sums = suspended.map((g) => g.switch() as number);
if (sums.join() !== suspended.map((_, i) => 3 * i).join()) throw new Error(`the greenlets returned ${sums.join()}`);
console.log(`ok ${ROUNDS}`);
