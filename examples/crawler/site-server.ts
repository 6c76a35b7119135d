// The crawled site, in a process of its own: `node site-server.js PAGES DELAY_MS` prints
// "listening on PORT" and serves until its standard input closes (load.js runs it).
import { serveSite } from './site';

const pages = Number(process.argv[2] ?? 2000);
const delayMs = Number(process.argv[3] ?? 1);
serveSite(pages, delayMs).then((server) => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address !== null ? address.port : address}`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    server.closeAllConnections();
    server.close();
  });
});
