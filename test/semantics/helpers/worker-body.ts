// Run in a Worker by threads.test.ts: a Worker has its own main greenlet and greenlets.
import { parentPort } from 'node:worker_threads';
import { Greenlet, backend, getcurrent } from 'greenlet-ts';

const main = getcurrent();
const g = new Greenlet(
  /** @greenlet */ (x: number) => {
    const y = main.switch(x + 1);
    return y * 2;
  },
);
const first = g.switch(1);
const second = g.switch(10);
parentPort!.postMessage({
  first,
  second,
  dead: g.dead,
  backend,
  mainIsCurrent: getcurrent() === main,
  mainHasNoParent: main.parent === null,
});
