#!/usr/bin/env node
// Load test for the two servers of this example (issue 5): builds them with the greenlet-ts
// transformer, starts the upstream service, then drives one server at a time with autocannon on
// 127.0.0.1 for a bounded time and prints requests/s and p99 latency side by side.
//  - throughput: 100 connections, --seconds each (default 5) after a 3 s warm-up; the servers
//    take turns for --rounds rounds (default 2) and each keeps its best round, which evens out
//    a machine busy with other work;
//  - 10,000 connections held: every request sleeps 10 s in its handler, so all 10,000
//    connections wait at once (10,000 suspended greenlets); 25 s per server.
// The greenlet server runs on every available backend. Usage:
//   node examples/http-server/load.js [--seconds 5] [--rounds 2] [--only cps] [--no-hold] [--write]
// (--write: the "Hub" section of bench/RESULTS.md). Needs the package built (`npm run build`).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const autocannon = require('autocannon');
const backends = require('../../test/backends');

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'build', 'examples', 'http-server');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const seconds = Number(option('--seconds', 5));
const rounds = Number(option('--rounds', 2));
const HOLD_CONNECTIONS = 10_000;
const HOLD_MS = 10_000;
const HOLD_SECONDS = 25;
const WARMUP_SECONDS = 3;
const PORT = 18080;
const UPSTREAM = 18081;

function build() {
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tspc'), ['-p', path.join(__dirname, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('tspc -p examples/http-server failed: run `npm run build` first');
}

/** Starts `script` in a child process and resolves once it prints "listening". */
function start(script, argv, env = {}) {
  const child = spawn(process.execPath, [path.join(out, script), ...argv.map(String)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let buffered = '';
  const waiters = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s) => {
    buffered += s;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const w = waiters.findIndex((x) => line.startsWith(x.prefix));
      if (w >= 0) waiters.splice(w, 1)[0].resolve(line);
    }
  });
  const expect = (prefix) => new Promise((resolve, reject) => {
    waiters.push({ prefix, resolve });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before printing "${prefix}"`)));
  });
  return expect('listening').then(() => ({
    async stats() {
      const line = expect('stats');
      child.stdin.write('stats\n');
      return JSON.parse((await line).slice('stats '.length));
    },
    stop() {
      return new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
      });
    },
  }));
}

function cannon(connections, duration, hold = 1) {
  return autocannon({
    url: `http://127.0.0.1:${PORT}/?id=7&hold=${hold}`,
    connections,
    duration,
    pipelining: 1,
    timeout: 30,
  });
}

async function measure(label, script, env, connections, hold) {
  const server = await start(script, [PORT, UPSTREAM], env);
  try {
    await cannon(100, WARMUP_SECONDS); // warm-up: V8 optimises the handler (generators tier up late)
    await server.stats();
    const r = await cannon(connections, connections === HOLD_CONNECTIONS ? HOLD_SECONDS : seconds, hold);
    const { maxInFlight, maxConnections, cpuPerRequest } = await server.stats();
    const row = {
      label,
      connections,
      hold,
      rps: r.requests.average,
      p99: r.latency.p99,
      total: r.requests.total,
      failed: r.errors + r.timeouts + r.non2xx,
      maxInFlight,
      maxConnections,
      cpuPerRequest,
    };
    process.stderr.write(
      `load: ${label}, ${connections} connections: ${Math.round(row.rps)} req/s, p99 ${row.p99} ms, ` +
        `${row.failed} failed, ${maxConnections} connections open and ${maxInFlight} requests in flight at most, ` +
        `server CPU ${Math.round(cpuPerRequest)} µs/request\n`,
    );
    return row;
  } finally {
    await server.stop();
  }
}

function table(rows) {
  const lines = [
    '| server | connections | handler sleeps | requests/s | p99 latency | requests (failed) | open connections (max) | requests in flight (max) | server CPU per request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.connections} | ${r.hold} ms | ${Math.round(r.rps)} | ${r.p99} ms | ${r.total} (${r.failed}) | ${r.maxConnections} | ${r.maxInFlight} | ${Math.round(r.cpuPerRequest)} µs |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  build();
  const only = option('--only', null);
  const available = backends.available().filter((b) => !only || b === only);
  const servers = [
    ...available.map((b) => ({ label: `greenlet (${b})`, script: 'greenlet-server.js', env: { GREENLET_BACKEND: b } })),
    { label: 'async/await', script: 'async-server.js', env: {} },
  ];
  const upstream = await start('service.js', [UPSTREAM]);
  const rows = [];
  try {
    // Warm the upstream service up first, so that the first server measured does not pay for it.
    await autocannon({ url: `http://127.0.0.1:${UPSTREAM}/quote?id=1`, connections: 50, duration: WARMUP_SECONDS });
    const best = new Map();
    for (let round = 0; round < rounds; round++) {
      for (const s of servers) {
        const row = await measure(s.label, s.script, s.env, 100, 1);
        if (!best.has(s.label) || row.rps > best.get(s.label).rps) best.set(s.label, row);
      }
    }
    rows.push(...best.values());
    if (!args.includes('--no-hold')) {
      for (const s of servers) rows.push(await measure(s.label, s.script, s.env, HOLD_CONNECTIONS, HOLD_MS));
    }
  } finally {
    await upstream.stop();
  }
  const md = table(rows);
  console.log('\n' + md + '\n');
  const ratios = [];
  const base = rows.find((r) => r.label === 'async/await' && r.connections === 100);
  for (const r of base ? rows.filter((x) => x.label !== 'async/await' && x.connections === 100) : []) {
    const line =
      `${r.label}: ${(r.rps / base.rps).toFixed(2)}× the requests/s of async/await at 100 connections; ` +
      `server CPU per request ${(r.cpuPerRequest / base.cpuPerRequest).toFixed(2)}× async/await's`;
    ratios.push(line);
    console.log(line);
  }
  if (args.includes('--write')) writeResults(md, ratios, available);
}

function writeResults(md, ratios, available) {
  const BEGIN = '<!-- hub:begin (examples/http-server/load.js --write; bench/hub-sleep.ts) -->';
  const END = '<!-- hub:end -->';
  const file = path.join(root, 'bench', 'RESULTS.md');
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const i = previous.indexOf(BEGIN);
  const j = previous.indexOf(END);
  const old = i >= 0 && j > i ? previous.slice(i, j) : '';
  // Keep the sleep-workload lines the hub-sleep bench wrote by hand (everything after the marker line).
  const sleepPart = /<!-- hub-sleep -->[\s\S]*/.exec(old);
  const block = [
    BEGIN,
    '## Hub',
    '',
    `\`node examples/http-server/load.js --write\` (${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, Node ${process.version}, ` +
      `backends: ${available.join(', ')}): autocannon on 127.0.0.1, one server at a time, after a ${WARMUP_SECONDS} s warm-up each. ` +
      'Each request reads a file (fs/promises), calls the upstream service on loopback (keep-alive), then sleeps. ' +
      `100 connections: ${seconds} s per run, best of ${rounds} alternating rounds. ` +
      `${HOLD_CONNECTIONS} connections: ${HOLD_SECONDS} s, the handler sleeps ${HOLD_MS} ms so that all connections wait at once.`,
    '',
    md,
    '',
    ...ratios.map((r) => `- ${r}`),
    '',
    sleepPart ? sleepPart[0].trimEnd() : '<!-- hub-sleep -->',
    END,
  ].join('\n');
  const next = i >= 0 && j > i ? previous.slice(0, i) + block + previous.slice(j + END.length) : previous.trimEnd() + (previous.trim() ? '\n\n' : '') + block + '\n';
  fs.writeFileSync(file, next);
  console.log('wrote the Hub section of bench/RESULTS.md');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
