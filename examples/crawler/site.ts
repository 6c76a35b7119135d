/**
 * The crawled site and what all three crawlers share: a node:http server of generated pages
 * with links (run in its own process by load.js), the keep-alive client the two Node crawlers
 * fetch with, the link extraction, and the report line every crawler prints.
 */
import * as http from 'node:http';

/** Page `i` of `pages`: a little text and links to 6 other pages, the same every time. */
export function page(i: number, pages: number): string {
  const links = [i + 1, i * 7 + 3, i * 13 + 5, i * 31 + 11, i * 61 + 17, i * 127 + 29].map((n) => n % pages);
  const items = links.map((n) => `<li><a href="/page/${n}">page ${n}</a></li>`).join('\n');
  return `<!doctype html>\n<title>page ${i}</title>\n<p>${'Explicit is better than implicit. '.repeat(20)}</p>\n<ul>\n${items}\n</ul>\n`;
}

/** Serves /page/0 … /page/(pages-1) on 127.0.0.1, each after `delayMs` (a network's latency). */
export function serveSite(pages: number, delayMs: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const m = /^\/page\/(\d+)$/.exec(req.url ?? '');
    const i = m === null ? -1 : Number(m[1]);
    const answer = () => {
      if (!(i >= 0 && i < pages)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(i, pages));
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 120_000;
  return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve(server)));
}

/** Requests in flight now and at most, counted by fetchPage. */
export const inFlight = { now: 0, max: 0 };

let agent: http.Agent | undefined;

/** GET `url` over one of `concurrency` keep-alive connections; resolves with the body. */
export function fetchPage(url: string, concurrency: number): Promise<string> {
  agent ??= new http.Agent({ keepAlive: true, maxSockets: concurrency });
  inFlight.max = Math.max(inFlight.max, ++inFlight.now);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        inFlight.now--;
        if (res.statusCode === 200) resolve(body);
        else reject(new Error(`${url}: HTTP ${res.statusCode}`));
      });
      res.on('error', reject);
    });
    req.on('error', (e) => {
      inFlight.now--;
      reject(e);
    });
  });
}

const LINK = /href="(\/page\/\d+)"/g;

/** The absolute URLs a page links to. */
export function linksOf(html: string, base: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(LINK)) out.push(base + m[1]);
  return out;
}

/** argv of a crawler: base URL, concurrency, pages expected. */
export function crawlerArgs(): { base: string; concurrency: number; expected: number } {
  const [base, concurrency, expected] = process.argv.slice(2);
  if (base === undefined || !(Number(concurrency) >= 1)) {
    throw new Error('usage: node crawler-….js http://127.0.0.1:PORT CONCURRENCY EXPECTED_PAGES (load.js runs it)');
  }
  return { base, concurrency: Number(concurrency), expected: Number(expected) };
}

/** The one JSON line a crawler prints: what it crawled, how fast, and its peak memory. */
export function report(crawler: string, pages: number, started: bigint): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage();
  const line = {
    crawler,
    pages,
    seconds,
    pagesPerSecond: pages / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxInFlight: inFlight.max,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(line));
  agent?.destroy();
}
