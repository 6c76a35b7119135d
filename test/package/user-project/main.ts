// README's first program: prints 12, 56, 34.
import { Greenlet } from 'greenlet-ts';

/** @greenlet */
function test1() { console.log(12); gr2.switch(); console.log(34); }
/** @greenlet */
function test2() { console.log(56); gr1.switch(); console.log(78); }

const gr1 = new Greenlet(test1);
const gr2 = new Greenlet(test2);
gr1.switch();
