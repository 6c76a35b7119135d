// Each racer is a greenlet written as a plain loop: draw a step, sleep, repeat. The hub runs them
// over the page's event loop: the racers list arrives by fetch (wait), a start Event releases
// them, a Semaphore lets two run at a time, a Queue carries finishers to a referee greenlet, a
// withTimeout() stops a racer that is too slow, and joinAll() says when everyone is done.
import { Event, joinAll, Queue, Semaphore, sleep, spawn, Timeout, wait, withTimeout } from 'greenlet-ts/hub';
import { backend } from 'greenlet-ts';

interface Racer {
  name: string;
  /** Milliseconds per step; 20 steps make a lap. */
  pace: number;
}

const STEPS = 20;
const LIMIT_MS = 600;
const status = document.getElementById('status')!;
const lanes = document.getElementById('lanes')!;
const log = document.getElementById('log')!;

function lane(name: string): { bar: HTMLElement; state: HTMLElement; row: HTMLElement } {
  const row = document.createElement('div');
  row.className = 'lane';
  row.innerHTML = `<span class="name"></span><span class="track"><div class="bar"></div></span><span class="state">waiting</span>`;
  row.querySelector('.name')!.textContent = name;
  lanes.append(row);
  return { bar: row.querySelector('.bar')!, state: row.querySelector('.state')!, row };
}

/** @greenlet */
function race(racer: Racer, start: Event, track: Semaphore, finishers: Queue<string>): void {
  const { bar, state, row } = lane(racer.name);
  start.wait();
  track.acquire();
  try {
    state.textContent = 'running';
    withTimeout(LIMIT_MS, /** @greenlet */ () => {
      for (let step = 1; step <= STEPS; step++) {
        bar.style.width = `${(100 * step) / STEPS}%`;
        sleep(racer.pace);
      }
    });
    state.textContent = 'finished';
    finishers.put(racer.name);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    row.classList.add('out');
    state.textContent = 'timed out';
    finishers.put(`${racer.name} (timed out)`);
  } finally {
    track.release();
  }
}

/** @greenlet */
function referee(count: number, finishers: Queue<string>): void {
  for (let i = 0; i < count; i++) {
    const item = document.createElement('li');
    item.textContent = finishers.get();
    log.append(item);
  }
}

/** @greenlet */
function main(): void {
  status.textContent = 'fetching racers…';
  const response = wait(fetch('racers.json'));
  const racers = wait(response.json()) as Racer[];
  const start = new Event();
  const track = new Semaphore(2);
  const finishers = new Queue<string>();
  const all = racers.map((r) => spawn(race, r, start, track, finishers));
  const judge = spawn(referee, racers.length, finishers);
  status.textContent = `${racers.length} racers, two on the track at a time (${backend} backend)`;
  sleep(100);
  start.set();
  joinAll([...all, judge]);
  status.textContent = `all done (${backend} backend)`;
  document.body.dataset.done = 'true';
}

spawn(main).promise.catch((e: unknown) => {
  status.textContent = `failed: ${String(e)}`;
});
