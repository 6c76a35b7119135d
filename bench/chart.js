// bench/switch-depth.svg: switch cost against stack depth, one line per backend (plus Python's
// greenlet and raw generators chained with yield*), both axes logarithmic. Hand-written SVG.
'use strict';

const W = 720;
const H = 440;
const M = { left: 70, right: 200, top: 40, bottom: 50 };
const COLORS = { cps: '#1f77b4', native: '#d62728', python: '#2ca02c', generators: '#7f7f7f' };
const LABELS = {
  cps: 'greenlet-ts, cps backend',
  native: 'greenlet-ts, native backend',
  python: "Python's greenlet",
  generators: 'JS generators, yield* chain',
};

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Series: { key: [{ depth, median, p25, p75 }] } from the runs of bench/run.js. */
function seriesOf(runs) {
  const series = {};
  const take = (key, figures, prefix) => {
    if (!figures) return;
    const points = Object.values(figures)
      .filter((f) => f.bench.startsWith(prefix) && f.median > 0)
      .map((f) => ({ depth: Number(f.bench.slice(prefix.length)), median: f.median, p25: f.p25, p75: f.p75 }))
      .sort((a, b) => a.depth - b.depth);
    if (points.length > 0) series[key] = points;
  };
  for (const [b, run] of Object.entries(runs.backends)) take(b, run.figures, 'switch@');
  if (runs.python && runs.python.figures) take('python', runs.python.figures, 'switch@');
  if (runs.baseline) take('generators', runs.baseline.figures, 'generator-switch@');
  return series;
}

function switchDepthSvg(runs) {
  const series = seriesOf(runs);
  const all = Object.values(series).flat();
  const depths = [...new Set(all.map((p) => p.depth))].sort((a, b) => a - b);
  const x0 = Math.log10(Math.min(...depths));
  const x1 = Math.log10(Math.max(...depths));
  const y0 = Math.floor(Math.log10(Math.min(...all.map((p) => p.p25))));
  const y1 = Math.ceil(Math.log10(Math.max(...all.map((p) => p.p75))));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const X = (d) => M.left + ((Math.log10(d) - x0) / (x1 - x0 || 1)) * pw;
  const Y = (ns) => M.top + ph - ((Math.log10(ns) - y0) / (y1 - y0 || 1)) * ph;
  const o = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  o.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  o.push(`<text x="${M.left}" y="22" font-size="15" font-weight="bold">Switch cost against stack depth (median, quartile bars)</text>`);
  // Grid: powers of ten on y (with 2 and 5 between), the measured depths on x.
  for (let e = y0; e <= y1; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (Math.log10(v) > y1) break;
      const y = Y(v).toFixed(1);
      o.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      o.push(`<text x="${M.left - 6}" y="${y}" dy="4" text-anchor="end" fill="#444">${v >= 1000 ? `${v / 1000} µs` : `${v} ns`}</text>`);
    }
  }
  for (const d of depths) {
    const x = X(d).toFixed(1);
    o.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#eee"/>`);
    o.push(`<text x="${x}" y="${M.top + ph + 16}" text-anchor="middle" fill="#444">${d}</text>`);
  }
  o.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  o.push(`<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle">stack depth of both greenlets at the switch (frames, log scale)</text>`);
  o.push(`<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">time per switch (log scale)</text>`);
  let ly = M.top + 10;
  for (const [key, points] of Object.entries(series)) {
    const c = COLORS[key] || '#000';
    const path = points.map((p, i) => `${i ? 'L' : 'M'}${X(p.depth).toFixed(1)} ${Y(p.median).toFixed(1)}`).join(' ');
    o.push(`<path d="${path}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const p of points) {
      const x = X(p.depth).toFixed(1);
      o.push(`<line x1="${x}" y1="${Y(p.p25).toFixed(1)}" x2="${x}" y2="${Y(p.p75).toFixed(1)}" stroke="${c}" stroke-width="1.5"/>`);
      o.push(`<circle cx="${x}" cy="${Y(p.median).toFixed(1)}" r="3" fill="${c}"><title>${esc(LABELS[key] || key)}, depth ${p.depth}: ${p.median.toFixed(1)} ns</title></circle>`);
    }
    o.push(`<line x1="${M.left + pw + 12}" y1="${ly}" x2="${M.left + pw + 32}" y2="${ly}" stroke="${c}" stroke-width="2"/>`);
    o.push(`<text x="${M.left + pw + 36}" y="${ly}" dy="4">${esc(LABELS[key] || key)}</text>`);
    ly += 20;
  }
  o.push('</svg>');
  return o.join('\n') + '\n';
}

module.exports = { switchDepthSvg };
