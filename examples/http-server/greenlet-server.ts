/**
 * node:http server whose request handler runs in its own greenlet and reads as synchronous
 * code: `wait` suspends only this request's greenlet while the event loop serves the others.
 * Usage: node build/examples/http-server/greenlet-server.js PORT UPSTREAM_PORT
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { sleep, spawn, wait } from 'greenlet-ts/hub';
import { fetchText, serve } from './upstream';

const TEMPLATE = path.join(__dirname, '..', '..', '..', 'examples', 'http-server', 'page.txt');

serve((upstream, inflight) => {
  /** @greenlet */
  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    inflight.max = Math.max(inflight.max, ++inflight.now);
    try {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const id = Number(query.get('id') ?? 1);
      const hold = Number(query.get('hold') ?? 1); // ms to sleep: the load test holds connections open with it
      const template = wait(readFile(TEMPLATE, 'utf8'));
      const quote = wait(fetchText(`${upstream}/quote?id=${id}`));
      sleep(hold);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(template.replace('{quote}', quote));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    } finally {
      inflight.now--;
    }
  }
  return http.createServer((req, res) => {
    spawn(handle, req, res);
  });
});
