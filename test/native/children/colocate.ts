/**
 * Which CPUs the threads of this process may run on, after main has switched into a greenlet
 * and back: prints JSON { pinned, mainAllowed, main }: the CPUs of the threads allowed a single
 * one, the CPUs Node's own thread is allowed, and the CPU it was on around its last switch into
 * the greenlet (-1 when it moved meanwhile). Linux only (/proc).
 */
import * as fs from 'node:fs';
import { Greenlet, getcurrent } from 'greenlet-ts';

/** The CPU the calling thread runs on now: field 39 of /proc/thread-self/stat. */
function currentCpu(): number {
  const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[36]);
}

const root = getcurrent();
const g = new Greenlet(() => {
  for (;;) root.switch();
});
let mainCpu = -1;
for (let i = 0; i < 1000; i++) {
  const before = currentCpu();
  g.switch();
  mainCpu = currentCpu() === before ? before : -1;
}
const allowed = (status: string) => /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? '';
const pinned: string[] = [];
for (const tid of fs.readdirSync('/proc/self/task')) {
  const cpus = allowed(fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8'));
  if (/^\d+$/.test(cpus)) pinned.push(cpus);
}
const mainAllowed = allowed(fs.readFileSync('/proc/thread-self/status', 'utf8'));
console.log(JSON.stringify({ pinned, mainAllowed, main: mainCpu }));
