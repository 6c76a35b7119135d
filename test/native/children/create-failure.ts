/**
 * Run with GREENLET_STACK_SIZE so large that no thread can be created: starting a greenlet
 * throws GreenletError in the switcher, the greenlet is dead, and the program goes on.
 */
import { Greenlet, GreenletError, getcurrent } from 'greenlet-ts';

const main = getcurrent();
const g = new Greenlet(() => 'never runs');
try {
  g.switch();
  console.log('started?!');
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  console.log(`${(e as Error).name} ${e instanceof GreenletError} ${message.includes('cannot start a greenlet thread')}`);
}
console.log(`dead ${g.dead} current is main ${getcurrent() === main}`);
// A greenlet whose parent cannot start either: the error goes on to the first that can.
const parent = new Greenlet(() => 'parent never runs');
const child = new Greenlet(() => 'child never runs', parent);
try {
  child.switch();
} catch (e) {
  console.log(`chained ${(e as Error).name} child dead ${child.dead} parent dead ${parent.dead}`);
}
