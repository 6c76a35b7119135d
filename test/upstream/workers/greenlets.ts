// Run inside a Worker by threads.test.ts and leaks.test.ts: exercises greenlets in that thread
// and posts a report back. workerData.task says what to do.
import { parentPort, workerData } from 'node:worker_threads';
import { Greenlet, GreenletExit, backend, getcurrent } from 'greenlet-ts';
import { collectUntil, simpleTest } from '../support';

type Task =
  | { task: 'simple' }
  | { task: 'sleep'; ms: number }
  | { task: 'leave-suspended'; count: number; drop: boolean };

async function main(data: Task): Promise<unknown> {
  switch (data.task) {
    case 'simple':
      simpleTest();
      return { backend };
    case 'sleep': {
      // Python's test_thread_bug: a greenlet that blocks its thread for a while.
      const g = new Greenlet(() => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, data.ms);
        return 'slept';
      });
      return g.switch();
    }
    case 'leave-suspended': {
      // Main and finished greenlets, plus `count` suspended ones, in this thread.
      let exits = 0;
      let glets: Greenlet[] = [];
      // Made in a plain function: what this async function's frame last held would stay reachable.
      ((): void => {
        for (let i = 0; i < 2; i++) new Greenlet(() => getcurrent()).switch();
        for (let i = 0; i < data.count; i++) {
          const g = new Greenlet(
            /** @greenlet */ () => {
              try {
                getcurrent().parent!.switch();
              } catch (e) {
                if (e instanceof GreenletExit) exits++;
                throw e;
              }
            },
          );
          g.switch();
          glets.push(g);
        }
      })();
      const suspended = glets.filter((g) => g.active).length;
      if (data.drop) {
        glets = [];
        await collectUntil(() => exits === data.count, 12);
      }
      return { suspended, exits };
    }
  }
}

main(workerData as Task).then(
  (report) => parentPort!.postMessage({ ok: true, report }),
  (error: unknown) => parentPort!.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) }),
);
