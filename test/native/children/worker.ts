/**
 * Greenlets inside a worker_threads Worker. argv[2]:
 *   normal | exit-in-greenlet | throw-in-greenlet | terminate-idle | terminate-busy
 * Prints what the Worker reports and how it ended; terminate-* call worker.terminate()
 * while greenlets are suspended (idle), or while one is running (busy).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Greenlet, getcurrent, backend } from 'greenlet-ts';

if (isMainThread) {
  const mode = process.argv[2]!;
  const worker = new Worker(__filename, { workerData: mode });
  worker.on('message', (m: string) => {
    console.log(`worker says: ${m}`);
    if (m === 'ready') void worker.terminate().then((code) => console.log(`terminate() resolved with ${code}`));
  });
  worker.on('error', (e: Error) => console.log(`worker error: ${e.message}`));
  worker.on('exit', (code) => console.log(`worker exit ${code}`));
} else {
  const mode = workerData as string;
  const main = getcurrent();
  const greenlets: Greenlet[] = [];
  for (let i = 0; i < 10; i++) {
    const g = new Greenlet((x: number) => {
      const held = [x, x * 2];
      const y: number = main.switch(x + 1);
      return held[1]! + y;
    });
    if (g.switch(i) !== i + 1) throw new Error('bad value');
    greenlets.push(g);
  }
  parentPort!.postMessage(`${backend}: ${greenlets.filter((g) => g.active).length} suspended`);
  if (mode === 'normal') {
    // Finish half of them; the rest stay suspended at the Worker's end.
    let sum = 0;
    for (let i = 0; i < 5; i++) sum += greenlets[i]!.switch(100) as number;
    parentPort!.postMessage(`sum ${sum}`);
  } else if (mode === 'exit-in-greenlet') {
    new Greenlet(() => process.exit(7)).switch();
  } else if (mode === 'throw-in-greenlet') {
    new Greenlet(() => {
      throw new Error('thrown in a greenlet of the Worker');
    }).switch();
  } else if (mode === 'terminate-idle') {
    setInterval(() => {}, 1000); // keeps the Worker alive until terminate()
    parentPort!.postMessage('ready');
  } else if (mode === 'terminate-busy') {
    const ping: Greenlet = new Greenlet(() => {
      for (;;) main.switch();
    });
    parentPort!.postMessage('ready');
    for (;;) ping.switch(); // switches until terminated, on whichever thread holds the isolate
  }
}
