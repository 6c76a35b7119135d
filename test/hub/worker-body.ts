// Run inside a Worker by thread.test.ts: the hub of that thread serves its own greenlets.
import { parentPort } from 'node:worker_threads';
import { joinAll, Queue, sleep, spawn, wait } from 'greenlet-ts/hub';

const q = new Queue<string>();
const producer = spawn(/** @greenlet */ () => {
  sleep(1);
  q.put(wait(Promise.resolve('from a promise')));
});
const consumer = spawn(/** @greenlet */ () => q.get());
spawn(/** @greenlet */ () => joinAll([producer, consumer])).promise.then((values) => parentPort!.postMessage(values));
