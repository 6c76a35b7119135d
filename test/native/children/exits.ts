/**
 * Leaves greenlets suspended (deep, holding objects) and then ends in the way argv[2] says:
 *   normal | many | exit-in-greenlet | exit-code | uncaught | uncaught-in-greenlet
 * The parent checks the exit code and that nothing hangs.
 */
import { Greenlet, getcurrent } from 'greenlet-ts';

const main = getcurrent();
const how = process.argv[2];

function deep(n: number): void {
  const held = { n, data: new Array(10).fill(n) };
  if (n === 0) main.switch();
  else deep(n - 1);
  console.log('never printed: abandoned greenlets do not resume', held.n);
}
for (let i = 0; i < 20; i++) new Greenlet(() => deep(20)).switch();
// One suspended inside another greenlet's child, so teardown ends nested ones too.
new Greenlet(() => {
  new Greenlet(() => deep(5), main).switch();
}).switch();
console.log('suspended');

switch (how) {
  case 'normal':
    break;
  case 'many': // teardown ends thousands at once
    for (let i = 0; i < 3000; i++) new Greenlet(() => deep(3)).switch();
    break;
  case 'exit-in-greenlet':
    new Greenlet(() => {
      [1, 2].forEach(() => process.exit(3)); // from a callback, on a greenlet's thread
    }).switch();
    console.log('never printed: process.exit() does not return');
    break;
  case 'exit-code':
    process.exitCode = 4;
    break;
  case 'uncaught':
    throw new Error('uncaught on main');
  case 'uncaught-in-greenlet':
    new Greenlet(() => {
      throw new Error('uncaught in a greenlet');
    }).switch();
    break;
  default:
    throw new Error(`unknown mode ${how}`);
}
