// Writes SUMMARY.md for one results directory: a row per (system, variant, N) and the
// Aetheris/Colyseus ratios.   node tools/summarize.mjs RESULTS_DIR [COMMAND_LINE]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SYSTEMS = ['aetheris-ws', 'aetheris-quic', 'colyseus'];
const f = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : v === 'inf' ? '∞' : '–');
const pct = (v) => (typeof v === 'number' ? `${(100 * v).toFixed(0)} %` : '–');
const ratio = (a, b, d = 2) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(d)}×` : '–');

function readdirSafe(dir) {
  try { return dir ? readdirSync(dir) : []; } catch { return []; }
}

export function loadRecords(dir) {
  // run-*.attemptK.json are earlier tries of a re-run N: kept for the record, not summarised.
  const records = readdirSync(dir).filter((n) => n.endsWith('.json') && n.startsWith('run-') && !n.includes('.attempt'))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')))
    .sort((a, b) => SYSTEMS.indexOf(a.system) - SYSTEMS.indexOf(b.system)
      || b.state_rate - a.state_rate || a.n - b.n);
  return Object.assign(records, { dir });
}

/** Largest N sustained in a series, and whether the series ended without saturating. */
export function maxSustained(records, system, variant) {
  const series = records.filter((r) => r.system === system && r.variant === variant && r.status !== 'unavailable');
  if (series.length === 0) return null;
  let best = 0;
  for (const r of series) if (r.sustained && r.n > best) best = r.n;
  const last = series[series.length - 1];
  // A series ended by an invalid run never saturated the server: its max is a lower bound.
  return { n: best, open: last.sustained === true || last.status === 'invalid', stoppedBy: last.sustained ? null : `${last.status}${last.reason ? `: ${last.reason}` : ''} at N=${last.n}` };
}

export function summarize(records, command) {
  const out = [];
  out.push('# S1 benchmark summary', '');
  if (command) out.push(`Command: \`${command}\``, '');
  const first = records[0];
  if (first) out.push(`Warm-up ${first.warmup_s} s, measure ${first.measure_s} s per run; server pinned to CPU 0 and load generator to CPU 1: ${first.pinned}.`, '');
  out.push('A run is *sustained* when the simulation kept ≥ 57 Hz and the server used < 90 % of its core; ' +
    '*invalid* when the load generator could not send 57 inputs/s for every client (not counted). ' +
    '*Of it in the kernel* is the system time of the server process (sockets, and on loopback the receiving side of what it sends). ' +
    '*Other load* is the CPU, in cores, that everything else on the machine used during the window.', '');
  const retried = readdirSafe(records.dir).filter((n) => n.includes('.attempt')).length;
  if (retried) out.push(`${retried} earlier tries of re-run N are kept as run-*.attemptK.json and not shown.`, '');
  out.push('| system | variant | N | status | sustained | server CPU | of it in the kernel | RSS MB | sim Hz | tick p50 ms | tick p99 ms | state Hz | bytes/client/s | joined | entity check | loadgen CPU | inputs/s/client (min) | other load (cores) | note |');
  out.push('|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|');
  for (const r of records) {
    out.push(`| ${r.system} | ${r.variant} | ${r.n} | ${r.status} | ${r.sustained ? 'yes' : 'no'} | ${pct(r.server.cpu_core)} | ${pct(r.server.kernel_cpu_core)} | ${f(r.server.rss_mb)} | ` +
      `${f(r.server.sim_hz, 1)} | ${f(r.server.tick_ms.p50, 2)} | ${f(r.server.tick_ms.p99, 2)} | ${f(r.server.state_hz, 1)} | ` +
      `${f(r.clients.bytes_per_client_per_s)} | ${r.clients.joined ?? '–'} | ${r.clients.entity_check_ok === null ? '–' : r.clients.entity_check_ok ? 'ok' : 'FAIL'} | ` +
      `${pct(r.loadgen.cpu_core)} | ${f(r.loadgen.input_rate_per_client_min, 1)} | ${f(typeof r.machine?.other_cpu_cores === 'number' ? Math.max(0, r.machine.other_cpu_cores) : null, 2)} | ${(r.reason ?? '').replace(/\|/g, '/')} |`);
  }
  out.push('', '## Aetheris / Colyseus', '');
  const variants = [...new Set(records.map((r) => r.variant))];
  for (const variant of variants) {
    out.push(`### ${variant}`, '');
    const col = maxSustained(records, 'colyseus', variant);
    out.push('| figure | ' + SYSTEMS.join(' | ') + ' |', '|---|' + SYSTEMS.map(() => '---:').join('|') + '|');
    const ms = SYSTEMS.map((s) => maxSustained(records, s, variant));
    out.push('| max N sustained | ' + ms.map((m) => (m === null ? 'unavailable' : `${m.open ? '≥ ' : ''}${m.n}`)).join(' | ') + ' |');
    out.push('| ratio to Colyseus (max N) | ' + ms.map((m) => (m && col ? ratio(m.n, col.n) : '–')).join(' | ') + ' |');
    out.push('', '| N | ' + ['aetheris-ws', 'aetheris-quic'].map((s) => `${s} CPU / Colyseus CPU | ${s} bytes / Colyseus bytes`).join(' | ') + ' |',
      '|---:|---:|---:|---:|---:|');
    const ns = [...new Set(records.filter((r) => r.variant === variant).map((r) => r.n))].sort((a, b) => a - b);
    const ok = (s, n) => records.find((r) => r.system === s && r.variant === variant && r.n === n && (r.status === 'ok'));
    let rows = 0;
    for (const n of ns) {
      const c = ok('colyseus', n);
      if (!c) continue;
      const cells = ['aetheris-ws', 'aetheris-quic'].flatMap((s) => {
        const a = ok(s, n);
        return [ratio(a?.server.cpu_core, c.server.cpu_core), ratio(a?.clients.bytes_per_client_per_s, c.clients.bytes_per_client_per_s)];
      });
      out.push(`| ${n} | ${cells.join(' | ')} |`);
      rows++;
    }
    if (rows === 0) out.push('| – | no N with a valid Colyseus run | | | |');
    const stops = ms.map((m, i) => (m && m.stoppedBy ? `${SYSTEMS[i]} stopped by ${m.stoppedBy}` : null)).filter(Boolean);
    if (stops.length) out.push('', ...stops.map((s) => `- ${s}`));
    out.push('');
  }
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const dir = process.argv[2];
  const md = summarize(loadRecords(dir), process.argv[3]);
  writeFileSync(join(dir, 'SUMMARY.md'), md + '\n');
  console.log(md);
}
