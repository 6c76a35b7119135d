// The same crawler with async/await and a concurrency limit: at most N requests at once; a
// page's new links wait in a FIFO for a free place.
import { crawlerArgs, fetchPage, linksOf, report } from './site';

/** Runs at most `limit` async tasks at once; the others wait in order (what p-limit does). */
class Limit {
  private active = 0;
  private waiting: Array<() => void> = [];
  private idle: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  add(task: () => Promise<void>): void {
    if (this.active < this.limit) void this.run(task);
    else this.waiting.push(() => void this.run(task));
  }

  /** Resolves once no task runs or waits. */
  done(): Promise<void> {
    return this.active === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve));
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.active++;
    try {
      await task();
    } finally {
      this.active--;
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else if (this.active === 0) this.idle?.();
    }
  }
}

async function crawl(base: string, start: string, concurrency: number): Promise<number> {
  const limit = new Limit(concurrency);
  const seen = new Set<string>([start]);
  let pages = 0;
  let failure: unknown;
  const fetchOne = async (url: string): Promise<void> => {
    try {
      const html = await fetchPage(url, concurrency);
      pages++;
      for (const link of linksOf(html, base)) {
        if (seen.has(link)) continue;
        seen.add(link);
        limit.add(() => fetchOne(link));
      }
    } catch (error) {
      failure ??= error;
    }
  };
  limit.add(() => fetchOne(start));
  await limit.done();
  if (failure !== undefined) throw failure;
  return pages;
}

const { base, concurrency, expected } = crawlerArgs();
const started = process.hrtime.bigint();
crawl(base, `${base}/page/0`, concurrency).then((pages) => {
  if (pages !== expected) throw new Error(`crawled ${pages} pages, expected ${expected}`);
  report('async/await', pages, started);
});
