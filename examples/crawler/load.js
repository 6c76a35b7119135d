#!/usr/bin/env node
// Load script of the crawler example (issue 17): builds the crawlers with the greenlet-ts
// transformer, starts the generated site in its own process on 127.0.0.1, and runs each crawler
// once, one after another, over the whole site: the hub crawler on every available backend, the
// async/await crawler, and the gevent crawler (Debian's python3-gevent; skipped, with the
// reason, when it is missing). Prints pages/s, CPU time per 1,000 pages and peak RSS, with
// ratios against the async/await crawler measured in the same run. Bounded: --pages pages
// (default 30,000), --concurrency requests at once (default 20), --delay ms per response
// (default 1), at most 120 s per crawler.
//   node examples/crawler/load.js [--pages 30000] [--concurrency 20] [--delay 1]
// Needs the package built (`npm run build`).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const backends = require('../../test/backends');

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'build', 'examples', 'crawler');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const pages = option('--pages', 30_000);
const concurrency = option('--concurrency', 20);
const delay = option('--delay', 1);
const TIMEOUT_MS = 120_000;
const PYTHON = '/usr/bin/python3'; // Debian's, where python3-gevent installs (a pyenv python3 on PATH lacks it)

function build() {
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tspc'), ['-p', path.join(__dirname, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('tspc -p examples/crawler failed: run `npm run build` first');
}

/** Starts the site; resolves with its port and a function that stops it. */
function startSite() {
  const child = spawn(process.execPath, [path.join(out, 'site-server.js'), String(pages), String(delay)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the site exited (${code}) before listening`)));
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line) => {
      const port = Number(/listening on (\d+)/.exec(line)?.[1]);
      resolve({ port, stop: () => new Promise((done) => (child.once('exit', done), child.stdin.end())) });
    });
  });
}

/** Runs one crawler to the end; resolves with its report line, or rejects with its error. */
function crawl(name, command, argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${name}: exit ${code ?? signal}\n${stderr.trim()}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

function hasGevent() {
  const r = spawnSync(PYTHON, ['-c', 'import gevent'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found (apt-get install -y python3-gevent)`;
  return r.status === 0 ? true : `gevent is not installed for ${PYTHON} (apt-get install -y python3-gevent)`;
}

async function main() {
  build();
  const site = await startSite();
  const base = `http://127.0.0.1:${site.port}`;
  const crawlerArgv = [base, String(concurrency), String(pages)];
  const runs = [['async/await', process.execPath, [path.join(out, 'crawler-async.js'), ...crawlerArgv], {}]];
  for (const backend of backends.available()) {
    runs.push([`hub (${backend})`, process.execPath, [path.join(out, 'crawler-hub.js'), ...crawlerArgv], { GREENLET_BACKEND: backend }]);
  }
  const gevent = hasGevent();
  if (gevent === true) runs.push(['gevent (Python)', PYTHON, [path.join(__dirname, 'crawler_gevent.py'), ...crawlerArgv], {}]);
  console.log(`crawling ${pages} generated pages (${delay} ms per response), at most ${concurrency} requests at once, one run each\n`);
  const results = [];
  try {
    for (const [name, command, argv, env] of runs) results.push({ name, ...(await crawl(name, command, argv, env)) });
  } finally {
    await site.stop();
  }
  const baseline = results[0];
  const rows = [['crawler', 'pages/s', '× async', 'CPU s per 1k pages', 'peak RSS MB', 'max in flight']];
  for (const r of results) {
    if (r.maxInFlight > concurrency) throw new Error(`${r.name}: ${r.maxInFlight} requests at once, more than ${concurrency}`);
    rows.push([r.name, r.pagesPerSecond.toFixed(0), (r.pagesPerSecond / baseline.pagesPerSecond).toFixed(2), ((r.cpuSeconds / r.pages) * 1000).toFixed(3), r.peakRssMb.toFixed(1), String(r.maxInFlight)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  if (gevent !== true) console.log(`\ngevent crawler skipped: ${gevent}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
