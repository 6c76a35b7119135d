/**
 * Many greenlets suspended deep in recursion — through plain frames and through
 * Array.prototype.map callbacks — each frame holding objects; the collector is forced to run
 * (minor and full, under --stress-compaction or --stress-scavenge) between switches, and
 * every value is checked afterwards. Prints "ok N" or throws.
 * Run: node --expose-gc --stress-compaction gc-stress.js [greenlets] [depth] [rounds]
 */
import { Greenlet, getcurrent } from 'greenlet-ts';

declare const gc: (options?: { type: 'minor' | 'major' }) => void;

const GREENLETS = Number(process.argv[2] ?? 40);
const DEPTH = Number(process.argv[3] ?? 40);
const ROUNDS = Number(process.argv[4] ?? 6);
const main = getcurrent();

interface Frame {
  id: number;
  depth: number;
  label: string;
  list: number[];
  nested: { map: Map<string, number>; box: { value: number } };
  check: () => number;
}

function makeFrame(id: number, depth: number): Frame {
  const list = Array.from({ length: 8 }, (_, i) => id * 100_000 + depth * 100 + i);
  const map = new Map([[`k${id}-${depth}`, id ^ depth]]);
  const box = { value: id * 7 + depth };
  return { id, depth, label: `g${id}@${depth}`, list, nested: { map, box }, check: () => box.value + list[3]! };
}

function verify(f: Frame, id: number, depth: number): void {
  const expect = makeFrame(id, depth);
  if (
    f.id !== id ||
    f.depth !== depth ||
    f.label !== expect.label ||
    f.list.join() !== expect.list.join() ||
    f.nested.map.get(`k${id}-${depth}`) !== (id ^ depth) ||
    f.nested.box.value !== id * 7 + depth ||
    f.check() !== expect.check()
  ) {
    throw new Error(`frame ${depth} of greenlet ${id} was corrupted: ${JSON.stringify(f)}`);
  }
}

/** Recurses DEPTH frames, every third one through a map callback, then suspends. */
function dive(id: number, depth: number, round: number): { id: number; round: number; payload: string } {
  const frame = makeFrame(id, depth);
  let received: { id: number; round: number; payload: string };
  if (depth === 0) {
    // What main sends: a fresh object per round, checked on arrival.
    received = main.switch({ id, round, payload: `from ${id} in round ${round}`.repeat(3) });
  } else if (depth % 3 === 0) {
    received = [depth - 1].map((d) => dive(id, d, round))[0]!;
  } else {
    received = dive(id, depth - 1, round);
  }
  verify(frame, id, depth);
  return received;
}

const greenlets = Array.from(
  { length: GREENLETS },
  (_, id) =>
    new Greenlet((first: { id: number; round: number; payload: string }) => {
      let got = first;
      for (let round = 0; round < ROUNDS; round++) {
        if (got.id !== id || got.round !== round || got.payload !== `main to ${id} in round ${round}`) {
          throw new Error(`greenlet ${id} got a wrong value in round ${round}: ${JSON.stringify(got)}`);
        }
        got = dive(id, DEPTH, round);
      }
      return { id, done: makeFrame(id, -1) };
    }),
);

let switches = 0;
for (let round = 0; round <= ROUNDS; round++) {
  for (let id = 0; id < GREENLETS; id++) {
    const sent = { id, round, payload: `main to ${id} in round ${round}` };
    const back = greenlets[id]!.switch(sent);
    switches++;
    if (switches % 3 === 0) gc({ type: 'minor' });
    if (switches % 5 === 0) gc();
    if (round < ROUNDS) {
      if (back.id !== id || back.round !== round || back.payload !== `from ${id} in round ${round}`.repeat(3)) {
        throw new Error(`main got a wrong value from ${id} in round ${round}: ${JSON.stringify(back)}`);
      }
    } else {
      verify(back.done, id, -1);
      if (back.id !== id || !greenlets[id]!.dead) throw new Error(`greenlet ${id} did not finish`);
    }
  }
}
console.log(`ok ${switches}`);
