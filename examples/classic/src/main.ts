// The classic greenlet example: test1 switches to test2, test2 switches back, test1 finishes
// and control returns to main. Prints 12, 56, 34 — test2 never resumes, so 78 never prints.
import { Greenlet } from 'greenlet-ts';

/** @greenlet */
function test1(): void {
  console.log(12);
  gr2.switch();
  console.log(34);
}

/** @greenlet */
function test2(): void {
  console.log(56);
  gr1.switch();
  console.log(78);
}

const gr1 = new Greenlet(test1);
const gr2 = new Greenlet(test2);
gr1.switch();
