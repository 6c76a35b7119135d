/**
 * The same server as greenlet-server.ts, written with async/await.
 * Usage: node build/examples/http-server/async-server.js PORT UPSTREAM_PORT
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchText, serve } from './upstream';

const TEMPLATE = path.join(__dirname, '..', '..', '..', 'examples', 'http-server', 'page.txt');

serve((upstream, inflight) => {
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    inflight.max = Math.max(inflight.max, ++inflight.now);
    try {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const id = Number(query.get('id') ?? 1);
      const hold = Number(query.get('hold') ?? 1); // ms to sleep: the load test holds connections open with it
      const template = await readFile(TEMPLATE, 'utf8');
      const quote = await fetchText(`${upstream}/quote?id=${id}`);
      await sleep(hold);
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
    void handle(req, res);
  });
});
