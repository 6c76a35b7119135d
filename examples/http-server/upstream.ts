/** The second local HTTP service both servers call, and the promise-based client they call it with. */
import * as http from 'node:http';

/** Keep-alive, so 10,000 concurrent requests reuse a bounded pool of loopback connections. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** GET `url` and resolve with the body (a plain promise-returning API, as most of Node's are). */
export function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Starts the upstream service: answers /quote?id=N with a short line. */
export function startUpstream(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '0';
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`quote #${id}: Explicit is better than implicit.`);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => resolve(server)));
}

/** Runs a server built by `create` on the port from argv; reports peak requests in flight and open connections. */
export function serve(create: (upstreamUrl: string, inflight: { now: number; max: number }) => http.Server): void {
  const port = Number(process.argv[2] ?? 8080);
  const upstreamUrl = `http://127.0.0.1:${Number(process.argv[3] ?? 8081)}`;
  const inflight = { now: 0, max: 0 };
  const server = create(upstreamUrl, inflight);
  let served = 0;
  let cpu = process.cpuUsage();
  server.on('request', (_req, res: http.ServerResponse) => res.on('finish', () => served++));
  const sockets = { now: 0, max: 0 };
  server.on('connection', (socket) => {
    sockets.max = Math.max(sockets.max, ++sockets.now);
    socket.on('close', () => sockets.now--);
  });
  server.keepAliveTimeout = 60_000;
  server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => console.log(`listening on ${port}`));
  // The load script asks for the peak and stops the server through stdin.
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    if (line.startsWith('stats')) {
      // Peak concurrency, and this process's CPU time per request since the last stats: a
      // figure a machine busy with other work disturbs less than requests/s.
      const used = process.cpuUsage(cpu);
      const cpuPerRequest = served > 0 ? (used.user + used.system) / served : 0;
      console.log(`stats ${JSON.stringify({ maxInFlight: inflight.max, maxConnections: sockets.max, cpuPerRequest })}`);
      inflight.max = 0;
      sockets.max = sockets.now;
      served = 0;
      cpu = process.cpuUsage();
    }
  });
  process.stdin.on('end', () => process.exit(0));
}
