// The one table of `npm run bench`, the targets of issue 4, and bench/RESULTS.md.
// A figure is { median, p25, p75, unit } from a child (bench/measure.ts, python/*.py); a cell
// prints "median [p25–p75]". A ratio a/b is median(a)/median(b), with the range
// [p25(a)/p75(b) – p75(a)/p25(b)] as its spread, both from this run.
'use strict';

const BACKENDS = ['cps', 'native'];

function fig(run, name) {
  return run && run.figures ? run.figures[name] : undefined;
}

const sig = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function scaleOf(unit, median) {
  if (unit === 'bytes') return median >= 1024 * 1024 ? [1024 * 1024, 'MiB'] : median >= 1024 ? [1024, 'KiB'] : [1, 'B'];
  if (unit === 'ns') return median >= 1e6 ? [1e6, 'ms'] : median >= 1e4 ? [1e3, 'µs'] : [1, 'ns'];
  return [1, unit];
}

/** "34.1 ns [32.8–36.6]" */
function show(f) {
  const [k, u] = scaleOf(f.unit, f.median);
  return `${sig(f.median / k)} ${u} [${sig(f.p25 / k)}–${sig(f.p75 / k)}]`;
}

function ratio(a, b) {
  if (!a || !b) return undefined;
  return { value: a.median / b.median, low: a.p25 / b.p75, high: a.p75 / b.p25 };
}

const showRatio = (r) => `${sig(r.value)}× [${sig(r.low)}–${sig(r.high)}]`;

function buildTable(runs) {
  const notes = [];
  const missingWhy = Object.fromEntries(runs.missing.map((m) => [m.name, m.why]));
  for (const [name, why] of Object.entries(missingWhy)) notes.push(`${name} backend not available here: ${why}`);
  const failed = (label, run) => {
    if (run && run.error) notes.push(`${label} failed: ${run.error}`);
  };
  for (const b of BACKENDS) failed(`workloads on ${b}`, runs.backends[b]);
  failed('Python workloads', runs.python);
  for (const [k, m] of Object.entries(runs.memory)) failed(`memory ${k}`, m);
  if (runs.python && runs.python.skipped) notes.push(`Python rows skipped: ${runs.python.skipped}`);

  const cell = (b, get) => {
    if (b === 'python') {
      if (runs.python.skipped) return 'skipped';
    } else if (!runs.backends[b]) return 'n/a';
    const f = get(b);
    if (!f) return '—';
    // A slow backend's pipeline passes fewer items (bench/workloads.ts): say how many.
    const fewer = f.items !== undefined && f.items !== runs.sizes.items;
    return fewer ? `${show(f)} (${f.items.toLocaleString('en-US')} items, time budget)` : show(f);
  };
  const on = (name) => (b) => fig(b === 'python' ? runs.python : runs.backends[b], name);
  const base = (name) => {
    const f = fig(runs.baseline, name);
    return f ? show(f) : '—';
  };
  const ratios = (pairs) =>
    pairs
      .map(([label, a, b]) => {
        const r = ratio(a, b);
        return r ? `${label} ${showRatio(r)}` : null;
      })
      .filter(Boolean)
      .join('; ') || '—';
  const B = (b, name) => fig(runs.backends[b], name);
  const P = (name) => fig(runs.python, name);
  const G = (name) => fig(runs.baseline, name);

  const rows = [];
  const row = (workload, get, baseline, r) =>
    rows.push([workload, cell('cps', get), cell('native', get), baseline, cell('python', get), r]);

  const floor = fig(runs.floor, 'v8-handoff');
  const threads = fig(runs.floor, 'threads-handoff');
  const paired = fig(runs.floor, 'native-paired');
  const over = fig(runs.floor, 'native-over-floor');
  failed('the V8 hand-off floor', runs.floor);
  row(
    'ping-pong, per switch',
    on('switch@1'),
    `generators + trampoline: ${base('generator-switch@1')}` +
      (floor ? `; native's floor, V8's lock handed between two threads by a C++ loop: ${show(floor)}` : '') +
      (threads ? ` (the two threads' own hand-off, without V8: ${show(threads)})` : '') +
      (paired && over
        ? `; native again, each sample right after one of the floor's: ${show(paired)}, ${show(over)} above its floor sample`
        : ''),
    ratios([
      ['cps/generators', B('cps', 'switch@1'), G('generator-switch@1')],
      ['Python/cps', P('switch@1'), B('cps', 'switch@1')],
      ['native/Python', B('native', 'switch@1'), P('switch@1')],
      ['native/floor', B('native', 'switch@1'), floor],
    ]),
  );
  row('deep switch (both 50 marked calls deep), per switch', on('switch@50'), `yield* chains 50 deep: ${base('generator-switch@50')}`, ratios([
    ['cps deep/ping-pong', B('cps', 'switch@50'), B('cps', 'switch@1')],
    ['native deep/ping-pong', B('native', 'switch@50'), B('native', 'switch@1')],
    ['Python deep/ping-pong', P('switch@50'), P('switch@1')],
  ]));
  row('create-run-finish, per greenlet', on('create-run-finish'), '—', ratios([
    ['Python/cps', P('create-run-finish'), B('cps', 'create-run-finish')],
    ['Python/native', P('create-run-finish'), B('native', 'create-run-finish')],
  ]));
  rows.push([
    'marked call, no switch (unmarked in parentheses), per call',
    ...['cps', 'native'].map((b) =>
      !runs.backends[b] ? 'n/a' : B(b, 'marked-call') && B(b, 'unmarked-call') ? `${show(B(b, 'marked-call'))} (${show(B(b, 'unmarked-call'))})` : '—',
    ),
    `plain call: ${base('plain-call')}`,
    'n/a (nothing is marked in Python)',
    ratios([
      ['cps marked/unmarked', B('cps', 'marked-call'), B('cps', 'unmarked-call')],
      ['native marked/unmarked', B('native', 'marked-call'), B('native', 'unmarked-call')],
    ]),
  ]);
  const mem = (key) => fig(runs.memory[key], 'memory');
  // `rowCount` is the count the row is titled with; a different one (native's) is said in the cell.
  const memCell = (b, count, rowCount = count) => {
    if (b !== 'python' && !runs.backends[b]) return 'n/a';
    if (b === 'python' && runs.python.skipped) return 'skipped';
    const f = mem(`${b}@${count}`);
    if (!f) return '—';
    // The median is over chunks of greenlets, whose RSS grows in steps; the whole run's growth
    // per greenlet is said next to it.
    const [k, u] = f.overall >= 1024 ? [1024, 'KiB'] : [1, 'B'];
    const whole = `whole run ${sig(f.overall / k)} ${u}`;
    return `${show(f)} (${f.count !== rowCount ? `${f.count.toLocaleString('en-US')} greenlets, ` : ''}${whole})`;
  };
  const s = runs.sizes;
  rows.push([
    `memory: RSS per suspended greenlet, depth 10, ${s.memory.toLocaleString('en-US')} greenlets`,
    memCell('cps', s.memory),
    memCell('native', s.native, s.memory),
    '—',
    memCell('python', s.memory),
    ratios([
      ['cps/Python', mem(`cps@${s.memory}`), mem(`python@${s.memory}`)],
      ['native/Python', mem(`native@${s.native}`), mem(`python@${s.memory}`)],
    ]),
  ]);
  if (runs.backends.native) {
    notes.push(
      `native memory is measured with ${s.native.toLocaleString('en-US')} greenlets: each suspended native greenlet is an OS thread ` +
        'with two memory mappings, and vm.max_map_count (65,530 here) caps a process near 32k of them',
    );
  }
  rows.push([
    `memory: RSS per suspended greenlet, depth 10, ${s.memoryCps.toLocaleString('en-US')} greenlets`,
    memCell('cps', s.memoryCps),
    'n/a (thread limit)',
    '—',
    'n/a',
    '—',
  ]);
  row(`generator pipeline (producer → filter → consumer, ${s.items.toLocaleString('en-US')} items), per item`, on('pipeline'), `generators: ${base('generator-pipeline')}`, ratios([
    ['cps/generators', B('cps', 'pipeline'), G('generator-pipeline')],
    ['Python/cps', P('pipeline'), B('cps', 'pipeline')],
    ['native/cps', B('native', 'pipeline'), B('cps', 'pipeline')],
  ]));
  parserRows(runs, rows, notes, failed);
  const hub = (b) => fig(runs.hub[b], 'hub-sleep');
  const gevent = fig(runs.gevent, 'hub-sleep-gevent');
  if (Object.keys(runs.hub).length > 0) {
    for (const [b, r] of Object.entries(runs.hub)) {
      failed(`hub sleep on ${b}`, r);
      if (r.skipped) notes.push(`hub sleep on ${b}: ${r.skipped}`);
    }
    if (runs.gevent && runs.gevent.skipped) notes.push(`gevent row skipped: ${runs.gevent.skipped}`);
    failed('gevent sleep', runs.gevent);
    rows.push([
      'hub: 10,000 greenlets × sleep(0) × 10, per run',
      hub('cps') ? show(hub('cps')) : runs.backends.cps ? '—' : 'n/a',
      hub('native') ? show(hub('native')) : runs.hub.native && runs.hub.native.skipped ? 'not run (see below)' : runs.backends.native ? '—' : 'n/a',
      '—',
      gevent ? `gevent: ${show(gevent)}` : 'skipped',
      ratios([
        ['cps/gevent', hub('cps'), gevent],
        ['native/gevent', hub('native'), gevent],
      ]),
    ]);
  }
  const header = ['workload', 'cps', 'native', 'JavaScript baseline', 'Python greenlet', 'ratios (this run)'];
  const markdown = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  return { markdown, notes };
}

/** The parser of issue 15 (bench/parser.ts): per token, every JavaScript peer from the cps child. */
function parserRows(runs, rows, notes, failed) {
  const p = runs.parser;
  if (!p) return;
  for (const [k, r] of Object.entries(p)) failed(`parser ${k}`, r);
  if (p.python && p.python.skipped) notes.push(`Python parser skipped: ${p.python.skipped}`);
  const F = (key, name = 'parser') => fig(p[key], name);
  const plain = F('cps', 'parser-plain');
  const gens = F('cps', 'parser-generators');
  const asyncs = F('cps', 'parser-async');
  const tokens = (F('cps') || F('native') || {}).tokens;
  const cell = (key) => (runs.backends[key.replace(/-babel$/, '')] ? (F(key) ? show(F(key)) : '—') : 'n/a');
  const python = p.python && p.python.skipped ? 'skipped' : F('python') ? show(F('python')) : '—';
  const joined = (pairs) =>
    pairs
      .map(([label, a, b]) => {
        const r = ratio(a, b);
        return r ? `${label} ${showRatio(r)}` : null;
      })
      .filter(Boolean)
      .join('; ') || '—';
  const peers = [
    ['plain', plain],
    ['`yield*`', gens],
    ['async/await', asyncs],
  ]
    .map(([label, f]) => `${label}: ${f ? show(f) : '—'}`)
    .join('; ');
  rows.push([
    `parser: recursive descent, a switch every 64 tokens${tokens ? ` (${tokens.toLocaleString('en-US')} tokens)` : ''}, per token (tspc build)`,
    cell('cps'),
    cell('native'),
    peers,
    python,
    joined([
      ['cps/`yield*`', F('cps'), gens],
      ['cps/plain', F('cps'), plain],
      ['cps/async', F('cps'), asyncs],
      ['native/plain', F('native'), plain],
      ['`yield*`/plain', gens, plain],
      ['Python/cps', F('python'), F('cps')],
    ]),
  ]);
  rows.push([
    'parser, Babel build (greenlet-ts/babel), per token',
    cell('cps-babel'),
    cell('native-babel'),
    '—',
    '—',
    joined([
      ['cps Babel/tspc', F('cps-babel'), F('cps')],
      ['native Babel/tspc', F('native-babel'), F('native')],
      ['cps Babel/`yield*`', F('cps-babel'), gens],
    ]),
  ]);
}

function checkTargets(runs) {
  const B = (b, name) => fig(runs.backends[b], name);
  const P = (name) => fig(runs.python, name);
  const G = (name) => fig(runs.baseline, name);
  const mem = (key) => fig(runs.memory[key], 'memory');
  const out = [];
  const target = (figure, r, op, bound, bShow = String(bound)) => {
    if (!r) return out.push({ figure, value: 'not measured', target: `${op} ${bShow}`, met: null });
    const met = op === '≤' ? r.value <= bound : op === '<' ? r.value < bound : r.value >= bound;
    out.push({ figure, value: `${sig(r.value)} [${sig(r.low)}–${sig(r.high)}]`, target: `${op} ${bShow}`, met });
  };
  target('cps ping-pong / raw generator ping-pong', ratio(B('cps', 'switch@1'), G('generator-switch@1')), '≤', 2);
  target('cps deep switch / cps ping-pong', ratio(B('cps', 'switch@50'), B('cps', 'switch@1')), '≤', 1.5);
  target('Python greenlet ping-pong / cps ping-pong', ratio(P('switch@1'), B('cps', 'switch@1')), '≥', 4);
  target('Python greenlet create-run-finish / cps', ratio(P('create-run-finish'), B('cps', 'create-run-finish')), '≥', 20);
  target('cps RSS per suspended greenlet (depth 10) / Python\'s', ratio(mem(`cps@${runs.sizes.memory}`), mem(`python@${runs.sizes.memory}`)), '≤', 1 / 3, '1/3');
  const parser = (key, name = 'parser') => fig(runs.parser && runs.parser[key], name);
  target('parser on cps / the same with `yield*` (issue 15)', ratio(parser('cps'), parser('cps', 'parser-generators')), '≤', 1);
  target('parser on cps / plain JavaScript (issue 15\'s goal beyond)', ratio(parser('cps'), parser('cps', 'parser-plain')), '≤', 3);
  const native = B('native', 'switch@1');
  target('native ping-pong, µs per switch', native && { value: native.median / 1000, low: native.p25 / 1000, high: native.p75 / 1000 }, '≤', 1.5);
  /** A figure in µs shown under the targets, not one itself. */
  const aside = (figure, f, note) => {
    if (!f) return;
    out.push({ figure, value: `${sig(f.median / 1000)} [${sig(f.p25 / 1000)}–${sig(f.p75 / 1000)}]`, target: note, met: null });
  };
  // What any native switch costs at least on this machine, measured in this run.
  aside("V8's lock hand-off alone (bench/native/handoff.js), µs", fig(runs.floor, 'v8-handoff'), '(the floor under the figure above)');
  // The host's speed moves within seconds here, the floor's with it: this pairs each sample.
  aside(
    'native ping-pong, each sample right after one of the floor (handoff.js), µs',
    fig(runs.floor, 'native-paired'),
    "(the same switch, measured at the floor's moments)",
  );
  target('native ping-pong / Python greenlet ping-pong', ratio(native, P('switch@1')), '≤', 8);
  const gevent = fig(runs.gevent, 'hub-sleep-gevent');
  if (Object.keys(runs.hub).length > 0) {
    target('hub sleep on cps / gevent (issue 5)', ratio(fig(runs.hub.cps, 'hub-sleep'), gevent), '<', 0.25, '1/4');
  }
  return out;
}

const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/** RESULTS.md: our block between markers; anything else in the file (e.g. the Hub section) is kept. */
function renderResults(previous, { info, table, targets, seconds }) {
  const lines = [
    BEGIN,
    '# Benchmark results',
    '',
    `Latest \`npm run bench\` (${seconds} s): ${info.date}`,
    '',
    `- machine: ${info.cpu}, ${info.memory} RAM; ${info.os}`,
    `- Node.js ${info.node}${info.python ? `; ${info.python}` : ''}`,
    `- ${info.load}`,
    '- every figure: median [first quartile – third quartile] of the samples (mitata on the JavaScript side, timeit repeats on Python\'s);',
    '  every ratio: ratio of medians, with [low–high] from the quartiles, all from this one run',
    '',
    table.markdown,
    '',
    ...table.notes.map((n) => `- ${n}`),
    '',
    '## Targets (issues 4 and 15)',
    '',
    '| figure | this run | target | met |',
    '| --- | --- | --- | --- |',
    ...targets.map((t) => `| ${t.figure} | ${t.value} | ${t.target} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`),
    '',
    '![switch cost against stack depth](switch-depth.svg)',
    END,
  ];
  const block = lines.join('\n');
  const i = previous.indexOf(BEGIN);
  const j = previous.indexOf(END);
  if (i >= 0 && j > i) return previous.slice(0, i) + block + previous.slice(j + END.length);
  return block + '\n' + (previous.trim() ? '\n' + previous.trim() + '\n' : '');
}

module.exports = { buildTable, checkTargets, renderResults, ratio, show };
