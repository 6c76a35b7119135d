// Run as a child process by exit.test.ts: leaves a greenlet suspended at exit.
import { Greenlet, getcurrent } from 'greenlet-ts';

const main = getcurrent();
const g = new Greenlet(
  /** @greenlet */ () => {
    try {
      main.switch();
    } finally {
      console.log('finally ran');
    }
  },
);
g.switch();
// Kept reachable to the end, so only process exit could end it.
(globalThis as { keep?: unknown }).keep = g;
console.log('suspended');
