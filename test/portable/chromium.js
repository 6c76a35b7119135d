#!/usr/bin/env node
// greenlet-ts in headless Chromium: the fixtures, each bundled by esbuild for the browser from the
// compiled fixture project (argv[2], built by run.js) with no configuration beyond
// `platform: 'browser'`, run in a page whose console.log lines must equal the fixture's .out;
// then the hub's mocha suite, bundled by esbuild with mocha's browser build (see hubTests); then
// examples/browser, built by its own build.js, checked by what its page shows (and
// screenshotted to .tmp/examples-browser.png). Pages are served from 127.0.0.1.
// Chromium: /usr/bin/chromium (or CHROMIUM), driven by playwright-core.
// Prints "passed N", "failed N", "skipped N" lines for run.js.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const project = process.argv[2];
const support = require(path.join(root, 'build', 'test', 'fixture-support.js'));
const counts = { passed: 0, failed: 0, skipped: 0 };
const pass = (what) => (counts.passed++, console.log(`  ok   chromium: ${what}`));
const fail = (what, why) => (counts.failed++, console.log(`  FAIL chromium: ${what}\n${why.replace(/^/gm, '       ')}`));
const skip = (what, why) => (counts.skipped++, console.log(`  skip chromium: ${what}: ${why}`));

/** Fixtures that are about Node itself, not about greenlets. */
const NODE_ONLY = {
  api: 'reads process.env.GREENLET_BACKEND',
  'event-loop': "is about Node's own queues (process.nextTick, setImmediate)",
  'exit-inside': 'calls process.exit()',
  uncaught: 'expects the process to exit with code 1 (checked below as an error the page reports)',
  worker: 'uses node:worker_threads',
  'stack-trace': "reads Node's source-mapped stack traces (process.setSourceMapsEnabled)",
};

// console.log as Node prints strings, numbers, booleans, null and undefined (all the fixtures
// print); an object or array is printed as JSON, which a fixture's .out would then not match.
const HARNESS = `<!doctype html><meta charset="utf-8"><script>
window.__lines = []; window.__errors = []; window.__timers = 0;
const format = (v) => typeof v === 'string' ? v : (v === null || typeof v !== 'object') ? String(v) : JSON.stringify(v);
console.log = (...args) => { window.__lines.push(args.map(format).join(' ')); };
addEventListener('error', (e) => window.__errors.push(String(e.error && e.error.stack || e.message)));
addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled rejection: ' + String(e.reason && e.reason.stack || e.reason)));
// Counts the timers still to fire, so the runner knows when a fixture's program is over.
const set = setTimeout, clear = clearTimeout, live = new Set();
window.setTimeout = (fn, ms, ...a) => { const id = set(() => { live.delete(id); window.__timers = live.size; typeof fn === 'function' ? fn(...a) : eval(fn); }, ms); live.add(id); window.__timers = live.size; return id; };
window.clearTimeout = (id) => { live.delete(id); window.__timers = live.size; clear(id); };
</script><script src="bundle.js"></script>`;

function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Bundles `entry` for the browser into `outfile`; returns the inputs that a browser cannot run. */
function bundle(entry, outfile) {
  const result = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', outfile, metafile: true, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs).filter((p) => p.startsWith('node:') || /runtime-native|entry[/\\]node/.test(p));
}

async function settle(page) {
  // Over when no timer is pending and nothing was printed for 150 ms (at most 15 s).
  let last = -1;
  for (let waited = 0; waited < 15_000; waited += 150) {
    const { lines, timers } = await page.evaluate(() => ({ lines: window.__lines.length, timers: window.__timers }));
    if (timers === 0 && lines === last) return;
    last = lines;
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlet-ts-chromium-'));
  const server = await serve(scratch);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // playwright adds --headless and a fresh profile directory of its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    headless: true,
  });
  try {
    console.log(`Chromium ${browser.version()}`);
    const names = fs.readdirSync(support.fixturesDir).filter((f) => /^[^.]+\.ts$/.test(f)).map((f) => f.slice(0, -3)).sort();
    for (const name of names) {
      if (NODE_ONLY[name] && name !== 'uncaught') {
        skip(`fixture ${name}`, NODE_ONLY[name]);
        continue;
      }
      const dir = path.join(scratch, name);
      fs.mkdirSync(dir);
      const bad = bundle(path.join(project, 'dist', `${name}.js`), path.join(dir, 'bundle.js'));
      if (bad.length > 0) {
        fail(`fixture ${name}`, `the bundle holds what a browser cannot run: ${bad.join(', ')}`);
        continue;
      }
      fs.writeFileSync(path.join(dir, 'index.html'), HARNESS);
      const page = await browser.newPage();
      try {
        await page.goto(`${base}/${name}/index.html`);
        await settle(page);
        const { lines, errors } = await page.evaluate(() => ({ lines: window.__lines, errors: window.__errors }));
        const stdout = lines.map((l) => `${l}\n`).join('');
        const expected = support.expectation(name, 'out');
        const expectError = support.expectation(name, 'exit') !== undefined;
        if (stdout !== expected) fail(`fixture ${name}`, `console.log differs from fixtures/${name}.out:\n${support.head(support.diffLines(expected, stdout), 40)}\nerrors: ${errors.join('\n')}`);
        else if (expectError ? errors.length === 0 : errors.length > 0) fail(`fixture ${name}`, expectError ? 'the page reported no error' : `the page reported errors:\n${errors.join('\n')}`);
        else pass(`fixture ${name}${expectError ? ' (its uncaught error reported by the page)' : ''}`);
      } finally {
        await page.close();
      }
    }
    await hubTests(browser, scratch, base);
    await unjoined(browser, scratch, base);
    await example(browser, scratch, base);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Hub test files that cannot load in a browser at all. */
const HUB_FILES_NODE_ONLY = {
  'context.test.js': 'AsyncLocalStorage, which browsers do not have',
  'thread.test.js': 'node:worker_threads',
};
/** Hub tests about Node's process object (their browser counterpart is `unjoined` below). */
const HUB_TITLES_NODE_ONLY = [
  ['errors nobody joins', "they are about Node's process ('unhandledRejection' listeners, child processes)"],
  // Left to run, the link's error would surface, uncaught, in whichever test runs next.
  ["a link's error is thrown from the run queue", "it takes the uncaught error with Node's process.on('uncaughtException')"],
  // In one bundled file cps cannot tell greenlet-ts's frames from the program's by file name, so
  // its GreenletError names the innermost frame that called switch (here the hub's wait).
  ['from an unmarked callback is a GreenletError naming the function to mark', "in a bundle cps's GreenletError names the hub's function, not the caller's"],
];
/**
 * What a test meets when it calls a Node built-in in the browser (or Node's `process`, which is
 * not defined there): it is then counted as skipped.
 */
const NODE_ONLY_MARK = 'is a Node built-in, not in a browser';

/**
 * The hub's mocha suite (build/test/hub) in the page, on mocha's browser build. node:assert is
 * the `assert` package (the browser port of Node's assert); any other Node built-in a test file
 * imports loads as a module whose every function throws NODE_ONLY_MARK, and a test that calls one
 * counts as skipped (a test file that calls one as it loads is listed in HUB_FILES_NODE_ONLY).
 */
async function hubTests(browser, scratch, base) {
  const hubDir = path.join(root, 'build', 'test', 'hub');
  const dir = path.join(scratch, 'hub-tests');
  fs.mkdirSync(dir);
  const files = fs.readdirSync(hubDir).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files.filter((f) => HUB_FILES_NODE_ONLY[f])) skip(`hub tests in ${f}`, `it needs ${HUB_FILES_NODE_ONLY[f]}`);
  const entry = path.join(dir, 'entry.js');
  fs.writeFileSync(entry, files.filter((f) => !HUB_FILES_NODE_ONLY[f]).map((f) => `require(${JSON.stringify(path.join(hubDir, f))});\n`).join(''));
  const nodeOnly = {
    name: 'node-only',
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) =>
        args.path === 'node:assert' ? { path: require.resolve('assert/') } : { path: args.path, namespace: 'node-only' },
      );
      build.onLoad({ filter: /.*/, namespace: 'node-only' }, (args) => ({
        // __esModule: tsc's `import * as` helper then takes the module as it is, not a copy of its keys.
        contents: `module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' ? true : function () { throw new Error(${JSON.stringify(`${args.path} ${NODE_ONLY_MARK}`)}); } });`,
        loader: 'js',
      }));
    },
  };
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    outfile: path.join(dir, 'bundle.js'),
    plugins: [nodeOnly],
    // The assert package reads process.env.NODE_DEBUG through its util dependency.
    define: { 'process.env.NODE_DEBUG': 'false', __filename: JSON.stringify('hub test'), __dirname: JSON.stringify('hub tests') },
    logLevel: 'silent',
  });
  fs.copyFileSync(require.resolve('mocha/mocha.js'), path.join(dir, 'mocha.js'));
  const grep = HUB_TITLES_NODE_ONLY.map(([t]) => t).join('|');
  for (const [t, why] of HUB_TITLES_NODE_ONLY) skip(`hub tests matching '${t}'`, why);
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><script src="mocha.js"></script><script>
mocha.setup({ ui: 'bdd', reporter: function () {}, timeout: 20000, grep: ${JSON.stringify(grep)}, invert: true });
// A describe() whose body calls a Node built-in keeps the tests declared before that call.
const describe0 = window.describe;
window.describe = (title, fn) => describe0(title, function () {
  try { fn.call(this); } catch (e) {
    if (!String(e && e.message).includes(${JSON.stringify(NODE_ONLY_MARK)})) throw e;
    (window.__loadErrors ??= []).push([title, String(e.message)]);
  }
});
</script><script src="bundle.js"></script><script>
// The tests wait for the event loop's next turn with setImmediate, which browsers lack: here one
// MessageChannel message, as the hub's own next turn in a browser (defined after the bundle
// loaded, so that the hub took its own, runtime/hub/host.ts).
window.setImmediate = (fn, ...args) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); fn(...args); }; c.port2.postMessage(null); };
window.__results = { passed: [], failed: [], skipped: [], done: false };
const runner = mocha.run(() => { window.__results.done = true; });
window.__results.total = runner.total;
runner
  .on('pass', (t) => window.__results.passed.push(t.fullTitle()))
  .on('fail', (t, e) => (String(e && e.message).includes(${JSON.stringify(NODE_ONLY_MARK)}) || String(e) === 'ReferenceError: process is not defined' ? window.__results.skipped.push([t.fullTitle(), e.message]) : window.__results.failed.push([t.fullTitle(), String(e && e.stack || e)])));
</script>`,
  );
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
  try {
    await page.goto(`${base}/hub-tests/index.html`);
    await page.waitForFunction(() => window.__results && window.__results.done, null, { timeout: 120_000 });
    const r = await page.evaluate(() => window.__results);
    for (const [title, error] of await page.evaluate(() => window.__loadErrors ?? [])) {
      skip(`hub tests of describe('${title}') declared after its call of a Node built-in`, error);
    }
    for (const [title, why] of r.skipped) skip(`hub test '${title}'`, why);
    for (const [title, why] of r.failed) fail(`hub test '${title}'`, why);
    if (errors.length > 0) fail('hub tests: errors outside any test', errors.join('\n'));
    if (r.passed.length > 0 && r.failed.length === 0) pass(`hub tests, ${r.passed.length} passing`);
    else if (r.passed.length === 0) fail('hub tests', 'none passed');
  } finally {
    await page.close();
  }
}

/** An error in a spawned greenlet nobody joins reaches the page as an unhandled rejection, with the error itself. */
async function unjoined(browser, scratch, base) {
  const dir = path.join(scratch, 'unjoined');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'main.js'),
    "import { spawn } from 'greenlet-ts/hub';\n" +
      "const boom = new Error('nobody joins me');\n" +
      "window.__seen = [];\n" +
      "addEventListener('unhandledrejection', (e) => window.__seen.push(e.reason === boom));\n" +
      "spawn(() => { throw boom; });\n" +
      "const joined = spawn(() => { throw new Error('joined'); });\n" +
      "joined.promise.catch(() => window.__seen.push('caught'));\n",
  );
  fs.symlinkSync(path.join(project, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  bundle(path.join(dir, 'main.js'), path.join(dir, 'bundle.js'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="bundle.js"></script>');
  const page = await browser.newPage();
  try {
    await page.goto(`${base}/unjoined/index.html`);
    await page.waitForFunction(() => window.__seen.length >= 2, null, { timeout: 10_000 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    const seen = await page.evaluate(() => window.__seen);
    if (JSON.stringify([...seen].sort()) === JSON.stringify([true, 'caught'].sort())) pass("an unjoined greenlet's error fires 'unhandledrejection' with the error; a joined one's does not");
    else fail('unjoined errors', `the page saw ${JSON.stringify(seen)}, expected one unhandledrejection with the error and one 'caught'`);
  } finally {
    await page.close();
  }
}

/** examples/browser: built by its build.js, opened, and checked by what the page shows. */
async function example(browser, scratch, base) {
  const exampleDir = path.join(root, 'examples', 'browser');
  const { spawnSync } = require('node:child_process');
  const built = spawnSync(process.execPath, [path.join(exampleDir, 'build.js')], { encoding: 'utf8' });
  if (built.status !== 0) return fail('examples/browser', `build.js failed:\n${built.stdout}${built.stderr}`);
  fs.cpSync(path.join(exampleDir, 'dist'), path.join(scratch, 'example'), { recursive: true });
  const page = await browser.newPage({ viewport: { width: 620, height: 360 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${base}/example/index.html`);
    // Midway: the racers move (bars between empty and full) while the page stays responsive.
    await page.waitForFunction(() => [...document.querySelectorAll('.bar')].some((b) => parseFloat(b.style.width) > 0 && parseFloat(b.style.width) < 100), null, { timeout: 10_000 });
    await page.waitForSelector('body[data-done="true"]', { timeout: 15_000 });
    const shown = await page.evaluate(() => ({
      status: document.getElementById('status').textContent,
      lanes: [...document.querySelectorAll('.lane')].map((l) => [l.querySelector('.name').textContent, l.querySelector('.bar').style.width, l.querySelector('.state').textContent]),
      log: [...document.querySelectorAll('#log li')].map((li) => li.textContent),
    }));
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
    await page.screenshot({ path: path.join(root, '.tmp', 'examples-browser.png') });
    // racers.json: 20 steps at 9, 14, 11 and 60 ms a step, two on the track, 600 ms each at most,
    // after a 100 ms start. Ada ends at ~280 ms and Cyd takes her place (ends ~500 ms); Brook ends
    // at ~380 ms and Dune takes his, to be stopped 600 ms later about half way.
    const want = {
      status: 'all done (cps backend)',
      lanes: [
        ['Ada', '100%', 'finished'],
        ['Brook', '100%', 'finished'],
        ['Cyd', '100%', 'finished'],
        ['Dune', shown.lanes[3]?.[1], 'timed out'],
      ],
      log: ['Ada', 'Brook', 'Cyd', 'Dune (timed out)'],
    };
    const duneWidth = parseFloat(shown.lanes[3]?.[1]);
    if (JSON.stringify(shown) !== JSON.stringify(want) || !(duneWidth > 0 && duneWidth < 100) || errors.length > 0) {
      return fail('examples/browser', `the page shows ${JSON.stringify(shown)}\nexpected ${JSON.stringify(want)} with Dune part way${errors.length ? `\nerrors: ${errors.join('\n')}` : ''}`);
    }
    pass(`examples/browser shows ${shown.log.join(', ')}; screenshot in .tmp/examples-browser.png`);
  } finally {
    await page.close();
  }
}

main()
  .catch((e) => fail('harness', String(e && e.stack || e)))
  .finally(() => {
    console.log(`passed ${counts.passed}\nfailed ${counts.failed}\nskipped ${counts.skipped}`);
    process.exitCode = counts.failed === 0 ? 0 : 1;
  });
