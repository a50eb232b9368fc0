// Builds one run's JSON from what the driver measured and what the server and load generator
// reported:  node tools/record.mjs --facts F --server-stats F --loadgen F --out F
// Prints one status line: "<status> <sustained>".
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

export const MIN_SIM_HZ = 57;
export const MAX_CPU_CORE = 0.9;
export const MIN_INPUT_RATE = 57;

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : null;
}
function readJson(file) {
  if (!file || !existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trim();
  if (text === '') return null;
  try { return JSON.parse(text); } catch { /* a log with the JSON on its last object line */ }
  try { return JSON.parse(text.split('\n').filter((l) => l.startsWith('{')).pop() ?? ''); } catch { return null; }
}
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Normalises the figures of either system into one shape and judges the run. */
export function buildRecord(facts, serverStats, loadgen) {
  const colyseus = facts.system === 'colyseus';
  const wall = num(facts.wall_s);
  const rec = {
    system: facts.system,
    transport: facts.transport,
    variant: facts.variant,
    state_rate: facts.state_rate,
    n: facts.n,
    status: facts.status,
    reason: facts.reason || null,
    sustained: false,
    started_at: facts.started_at,
    warmup_s: facts.warmup_s,
    measure_s: facts.measure_s,
    pinned: facts.pinned,
    machine: { other_cpu_cores: num(facts.other_cpu_cores), cpu_pressure_some: num(facts.cpu_pressure_some) },
    server: {
      cpu_core: wall && num(facts.server_cpu_s) !== null ? facts.server_cpu_s / wall : null,
      kernel_cpu_core: wall && num(facts.server_sys_s) !== null ? facts.server_sys_s / wall : null,
      rss_mb: num(facts.server_rss_kb) !== null ? facts.server_rss_kb / 1024 : null,
      rss_peak_mb: num(facts.server_hwm_kb) !== null ? facts.server_hwm_kb / 1024 : null,
      sim_hz: num(serverStats?.sim_hz),
      tick_ms: { p50: serverStats?.tick_ms?.p50 ?? null, p99: serverStats?.tick_ms?.p99 ?? null },
      state_hz: num(serverStats?.state_hz),
    },
    clients: {
      joined: colyseus ? num(loadgen?.joined) : num(loadgen?.possessed ?? loadgen?.connected),
      connected_at_end: num(loadgen?.connected),
      join_ms: colyseus ? loadgen?.time_to_join_ms ?? null : loadgen?.time_to_possess_ms ?? null,
      entity_check_ok: loadgen?.entity_check_ok ?? null,
      bytes_per_client_per_s: num(loadgen?.inbound_bytes_per_client_per_s),
      bytes_window: colyseus ? 'measure window' : 'whole bots run',
      disconnects: num(loadgen?.disconnects),
    },
    loadgen: {
      cpu_core: wall && num(facts.loadgen_cpu_s) !== null ? facts.loadgen_cpu_s / wall : null,
      input_rate_per_client: num(loadgen?.input_rate_per_client),
      input_rate_per_client_min: num(loadgen?.input_rate_per_client_min ?? loadgen?.input_rate_per_client),
    },
    raw: { facts, server: serverStats, loadgen },
  };
  if (rec.status !== 'ok') return rec;
  const problems = [];
  if (!loadgen) problems.push('no load generator result');
  if (!serverStats) problems.push('no server figures');
  if (rec.clients.joined !== facts.n) problems.push(`joined ${rec.clients.joined} of ${facts.n}`);
  if (rec.clients.entity_check_ok !== true) problems.push('entity check failed');
  if (rec.loadgen.input_rate_per_client_min === null || rec.loadgen.input_rate_per_client_min < MIN_INPUT_RATE) {
    rec.status = 'invalid';
    rec.reason = `load generator sent ${rec.loadgen.input_rate_per_client_min?.toFixed?.(1) ?? '?'} inputs/s per client (< ${MIN_INPUT_RATE})`;
    return rec;
  }
  if (problems.length) { rec.status = 'failed'; rec.reason = problems.join('; '); return rec; }
  const simOk = rec.server.sim_hz !== null && rec.server.sim_hz >= MIN_SIM_HZ;
  const cpuOk = rec.server.cpu_core !== null && rec.server.cpu_core < MAX_CPU_CORE;
  rec.sustained = simOk && cpuOk;
  if (!rec.sustained) rec.reason = [simOk ? null : `sim ${rec.server.sim_hz?.toFixed(1)} Hz < ${MIN_SIM_HZ}`,
    cpuOk ? null : `server CPU ${(100 * rec.server.cpu_core).toFixed(0)} % >= ${100 * MAX_CPU_CORE} %`].filter(Boolean).join('; ');
  return rec;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const facts = readJson(arg('facts'));
  if (!facts) { console.error('record: --facts missing or unreadable'); process.exit(2); }
  const rec = buildRecord(facts, readJson(arg('server-stats')), readJson(arg('loadgen')));
  writeFileSync(arg('out'), JSON.stringify(rec, null, 2) + '\n');
  console.log(`${rec.status} ${rec.sustained}${rec.reason ? ` (${rec.reason})` : ''}`);
}
