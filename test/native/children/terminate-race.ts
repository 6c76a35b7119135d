/**
 * worker.terminate() while a Worker's greenlets switch without pause, over and over: each
 * Worker below is terminated 1–6 ms after it starts one of these loops, which never return to
 * its event loop, so only the termination can end them:
 *   cycles    main starts greenlets that finish at once, one after another
 *   pingpong  two greenlets switch to each other; main stays suspended
 *   spin      main switches into a greenlet that loops without switching
 * argv[2]: Workers per loop. Prints, per loop, how many Workers were still running 5 s after
 * terminate() (hung). A request to terminate that arrives while a switch hands the isolate
 * over must still end the Worker (ThreadState::Stopping in runtime-native).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Greenlet } from 'greenlet-ts';

const LOOPS = ['cycles', 'pingpong', 'spin'] as const;
type Loop = (typeof LOOPS)[number];

function run(loop: Loop): void {
  parentPort!.postMessage('started');
  if (loop === 'cycles') {
    for (;;) new Greenlet(() => {}).switch();
  } else if (loop === 'pingpong') {
    const ping: Greenlet = new Greenlet(() => {
      for (;;) pong.switch();
    });
    const pong: Greenlet = new Greenlet(() => {
      for (;;) ping.switch();
    });
    ping.switch();
  } else {
    new Greenlet(() => {
      for (;;);
    }).switch();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether the Worker running `loop` ended within 5 s of terminate(). */
async function terminates(loop: Loop): Promise<boolean> {
  const worker = new Worker(__filename, { workerData: loop });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  await sleep(1 + Math.random() * 5);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000)));
  const ended = worker.terminate().then(() => true);
  const result = await Promise.race([ended, hung]);
  clearTimeout(timer);
  return result;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 20);
  for (const loop of LOOPS) {
    let hung = 0;
    for (let i = 0; i < count; i++) if (!(await terminates(loop))) hung++;
    console.log(`${loop}: ${hung} of ${count} hung`);
  }
  // Hung Workers would keep the process alive.
  process.exit(0);
}

if (isMainThread) void main();
else run(workerData as Loop);
