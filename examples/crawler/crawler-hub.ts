// The crawler written with greenlet-ts/hub, as a gevent program reads: at most N requests at
// once through Pool(N); each fetch puts its page on a JoinableQueue, whose consumer queues the
// new links for the pool. Straight-line code: wait(promise) suspends only the fetching greenlet.
import { JoinableQueue, Pool, spawn, wait } from 'greenlet-ts/hub';
import { crawlerArgs, fetchPage, linksOf, report } from './site';

interface Page {
  url: string;
  links: string[];
}

/**
 * Crawls every page reachable from `start`; returns how many it fetched.
 * @greenlet
 */
function crawl(base: string, start: string, concurrency: number): number {
  const pool = new Pool(concurrency);
  const results = new JoinableQueue<Page>();
  const seen = new Set<string>([start]);
  let pages = 0;

  /** @greenlet */
  const fetchOne = (url: string): void => {
    const html = wait(fetchPage(url, concurrency));
    results.put({ url, links: linksOf(html, base) });
  };

  // Takes each page's links and hands the new ones to the pool (spawn waits for a free place).
  const collector = spawn(/** @greenlet */ () => {
    for (const page of results) {
      pages++;
      for (const link of page.links) {
        if (seen.has(link)) continue;
        seen.add(link);
        pool.spawn(fetchOne, link);
      }
      results.taskDone();
    }
  });

  pool.spawn(fetchOne, start);
  // Done when no fetch is running and every page was taken: a fetch puts its page before it
  // leaves the pool, and the collector spawns new fetches before taskDone().
  do {
    pool.join();
    results.join();
  } while (pool.length > 0);
  results.shutdown();
  collector.join();
  return pages;
}

const { base, concurrency, expected } = crawlerArgs();
const started = process.hrtime.bigint();
spawn(crawl, base, `${base}/page/0`, concurrency).promise.then((pages) => {
  if (pages !== expected) throw new Error(`crawled ${String(pages)} pages, expected ${expected}`);
  report(`hub (${process.env.GREENLET_BACKEND ?? 'default backend'})`, pages, started);
});
