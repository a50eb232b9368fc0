// Differences two Prometheus text scrapes of an Aetheris server over a window:
//   node tools/prom.mjs START_FILE END_FILE WINDOW_SECONDS
// prints {"sim_hz","actual_tick_rate_hz","tick_ms":{"p50","p99"},"state_hz","connected_clients"}.
import { readFileSync } from 'node:fs';

export function parseProm(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[2]) for (const kv of m[2].slice(1, -1).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[kv[1]] = kv[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const sum = (samples, name) => {
  const hits = samples.filter((s) => s.name === name);
  return hits.length ? hits.reduce((a, s) => a + s.value, 0) : null;
};

/** Quantile from the difference of two cumulative histograms (upper bound of the bucket). */
export function histogramQuantile(a, b, name, q) {
  const buckets = new Map();
  for (const s of b) if (s.name === `${name}_bucket`) buckets.set(s.labels.le, (buckets.get(s.labels.le) ?? 0) + s.value);
  for (const s of a) if (s.name === `${name}_bucket`) buckets.set(s.labels.le, (buckets.get(s.labels.le) ?? 0) - s.value);
  const rows = [...buckets.entries()].map(([le, c]) => [le === '+Inf' ? Infinity : Number(le), c]).sort((x, y) => x[0] - y[0]);
  if (rows.length === 0) return null;
  const total = rows[rows.length - 1][1];
  if (!(total > 0)) return null;
  for (const [le, c] of rows) if (c >= q * total) return le;
  return Infinity;
}

export function windowFigures(startText, endText, windowS) {
  const a = parseProm(startText), b = parseProm(endText);
  const delta = (name) => { const x = sum(a, name), y = sum(b, name); return x === null || y === null ? null : y - x; };
  const ticks = delta('aetheris_ticks_total');
  const toMs = (v) => (v === null ? null : v === Infinity ? 'inf' : v * 1000);
  const sends = delta('aetheris_state_sends_total');
  return {
    sim_hz: ticks === null ? null : ticks / windowS,
    actual_tick_rate_hz: sum(b, 'aetheris_actual_tick_rate_hz'),
    tick_ms: {
      p50: toMs(histogramQuantile(a, b, 'aetheris_tick_duration_seconds', 0.5)),
      p99: toMs(histogramQuantile(a, b, 'aetheris_tick_duration_seconds', 0.99)),
    },
    state_hz: sends === null ? null : sends / windowS,
    connected_clients: sum(b, 'aetheris_connected_clients'),
    bytes_outbound_per_s: (() => { const d = delta('aetheris_bytes_outbound_total'); return d === null ? null : d / windowS; })(),
  };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [, , startFile, endFile, windowS] = process.argv;
  if (startFile === '--gauge') {
    // node tools/prom.mjs --gauge NAME FILE: prints the summed value or nothing.
    const v = sum(parseProm(readFileSync(process.argv[4], 'utf8')), endFile);
    if (v !== null) console.log(v);
  } else {
    console.log(JSON.stringify(windowFigures(readFileSync(startFile, 'utf8'), readFileSync(endFile, 'utf8'), Number(windowS))));
  }
}
