/**
 * N suspended greenlets sitting idle, and the pool of idle threads full: CPU time used over
 * one second, and thread count. Prints one JSON line. Usage: node idle.js [count]
 */
import * as fs from 'node:fs';
import { Greenlet, getcurrent } from 'greenlet-ts';

const COUNT = Number(process.argv[2] ?? 10_000);
const main = getcurrent();
const before = fs.readdirSync('/proc/self/task').length;
const kept: Greenlet[] = [];
for (let i = 0; i < COUNT; i++) {
  const g = new Greenlet(() => main.switch());
  g.switch();
  kept.push(g);
}
const threads = fs.readdirSync('/proc/self/task').length - before;
// More greenlets than the pool holds (16) start and finish: their threads end or wait idle.
const finishing = Array.from({ length: 32 }, () => new Greenlet(() => main.switch()));
for (const g of finishing) g.switch();
for (const g of finishing) g.switch();
// Let the last waiters finish their bounded spin, then measure a quiet second.
setTimeout(() => {
  const cpu = process.cpuUsage();
  setTimeout(() => {
    const used = process.cpuUsage(cpu);
    const rssMiB = Math.round(process.memoryUsage.rss() / 2 ** 20);
    console.log(JSON.stringify({ count: COUNT, threads, cpuMs: (used.user + used.system) / 1000, rssMiB, kept: kept.length }));
  }, 1000);
}, 200);
