/**
 * Calls inside a marked function that the TypeScript transformer proves plain from types (an
 * unmarked method of a class, Array#push) while greenlet-ts/babel, without types, must leave
 * them to the trampoline's run-time check. Run by bench/babel.js for both builds; prints one
 * JSON line per figure (see measure.ts).
 */
import { Greenlet, getcurrent } from 'greenlet-ts';
import { report, timeit } from './measure';
import { K } from './config';

const main = getcurrent();

class Tally {
  total = 0;
  add(i: number): void {
    this.total = (this.total + i) | 0;
  }
}

/** @greenlet */
function methodLoop(n: number): number {
  const tally = new Tally();
  for (let i = 0; i < n; i++) tally.add(i);
  return tally.total;
}

/** @greenlet */
function pushLoop(n: number): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(i);
  return xs.length;
}

/** @greenlet */
function serve(loop: (n: number) => number, n: number): number {
  for (;;) n = main.switch(loop(n)) as number;
}

async function runAll(): Promise<void> {
  const loops: [string, (n: number) => number][] = [
    ['method-call', methodLoop],
    ['push-call', pushLoop],
  ];
  for (const [name, loop] of loops) {
    const g = new Greenlet(serve);
    g.switch(loop, 1);
    report(name, await timeit(() => g.switch(K), K));
    g.throw();
  }
}

runAll().catch((error) => {
  console.error(error);
  process.exit(1);
});
