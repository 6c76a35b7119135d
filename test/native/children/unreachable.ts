/**
 * Suspended greenlets that nobody can reach any more get GreenletExit thrown in (their
 * finally blocks run) and their threads end. Run with --expose-gc. Prints one JSON line.
 */
import * as fs from 'node:fs';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';

declare const gc: () => void;
const COUNT = 20;
const threads = (): number => fs.readdirSync('/proc/self/task').length;
const main = getcurrent();
const events: string[] = [];

function suspendSome(): void {
  for (let i = 0; i < COUNT; i++) {
    const g = new Greenlet(() => {
      const held = { i };
      try {
        [0].forEach(() => main.switch()); // suspended below an unmarked callback
      } catch (e) {
        events.push(e instanceof GreenletExit ? 'GreenletExit' : `other: ${String(e)}`);
        throw e;
      } finally {
        events.push(`finally ${held.i}`);
      }
    });
    g.switch();
  }
}

/**
 * Fills the pool of idle threads the native backend keeps (at most 16, see
 * runtime-native/src/thread_state.h): then every thread of a greenlet that ends, ends once the
 * event loop has run. Greenlets started meanwhile create threads of their own, so it runs after
 * suspendSome.
 */
async function fillPool(): Promise<void> {
  const greenlets = Array.from({ length: 32 }, () => new Greenlet(() => main.switch()));
  for (const g of greenlets) g.switch();
  for (const g of greenlets) g.switch();
  await new Promise((resolve) => setImmediate(resolve)); // threads beyond the pool's 16 end
}

async function main_(): Promise<void> {
  const before = threads();
  suspendSome();
  const suspended = threads() - before;
  await fillPool();
  const pooled = threads() - before - suspended;
  for (let i = 0; i < 50 && events.length < 2 * COUNT; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  let after = threads();
  for (let i = 0; i < 100 && after > before + pooled; i++) {
    await new Promise((r) => setTimeout(r, 10));
    after = threads();
  }
  const exits = events.filter((e) => e === 'GreenletExit').length;
  const finallies = events.filter((e) => e.startsWith('finally')).length;
  console.log(JSON.stringify({ suspended, exits, finallies, pooled, threadsLeft: after - before - pooled }));
}
void main_();
