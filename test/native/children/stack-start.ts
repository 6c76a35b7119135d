/**
 * A collection on a greenlet's thread right after a switch from another thread, which entered
 * the isolate more recently: the collector must scan this thread's stack (up to its own start),
 * not the other's. Threads: A made first (higher in memory), then B; A is reused by `z` from the
 * pool, so entering it records A's stack start just before `z` switches to `y` on B. Scanning
 * from B's stack pointer up to A's start crossed unmapped memory: a segfault (exit 139).
 * Prints what `y` returns.
 */
import { Greenlet, getcurrent } from 'greenlet-ts';

declare function gc(): void;

const main = getcurrent();
const x = new Greenlet(() => {
  main.switch();
  return 'x';
});
x.switch(); // thread A
const y = new Greenlet(() => {
  main.switch();
  gc();
  return 'collected on y';
});
y.switch(); // thread B
x.switch(); // x finishes: A waits in the pool
const z = new Greenlet(() => y.switch()); // runs on A, entered afresh
console.log(z.switch());
