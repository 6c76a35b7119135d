// README's hub, briefly: reads data.json in a spawned greenlet; prints "loaded 7".
import { readFile } from 'node:fs/promises';
import { spawn, wait, sleep } from 'greenlet-ts/hub';

/** @greenlet */
function load(path: string): number {
  const text = wait(readFile(path, 'utf8'));
  sleep(1);
  return (JSON.parse(text) as { n: number }).n;
}

spawn(load, 'data.json').promise.then((n) => console.log('loaded', n));
