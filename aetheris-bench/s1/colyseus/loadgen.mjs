// S1 load generator for the Colyseus server, on the official 0.18 client (@colyseus/sdk).
//
//   node colyseus/loadgen.mjs --endpoint http://127.0.0.1:2567 --clients N [--json FILE]
//        [--ready-file FILE] [--driven | --warmup S --measure S] [--decode-sample K]
//        [--full-check-max M] [--join-rate R] [--join-timeout S]
//
// Clients join with a ramp, each sends the S1 input stream (seed 5000 + i) 60 times a second,
// and bytes received are counted on each client's TCP socket, i.e. WebSocket frames with their
// headers. With --driven the window opens on SIGUSR1 and closes on SIGUSR2 (the driver decides);
// otherwise it opens after --warmup seconds and lasts --measure seconds. One JSON result goes to
// stdout (and --json FILE).
//
// Decoding: one Node process cannot decode 60 patches a second for hundreds of clients, so
// clients 0..K-1 (--decode-sample, default 16) decode every patch to the end and are checked for
// exactly 200 + N entities at the close of the window. The others decode until every client has
// joined and are checked then (200 + N) when N <= --full-check-max (default 100); above it they
// are checked on their first full state (200 NPCs and their own ship) and then only count bytes.

// Force the `ws` package (Node 22 has a global WebSocket without socket access): byte counts
// must come from the TCP socket.
delete globalThis.WebSocket;
const { Client } = await import('@colyseus/sdk');
const { S1InputStream, NPC_COUNT, INPUT_HZ } = await import('./s1.mjs');
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const ROOM_STATE_PATCH = 15;
const CODE_MASK = 31;

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const flag = (name) => process.argv.includes(`--${name}`);

const endpoint = arg('endpoint', 'http://127.0.0.1:2567');
const N = Number(arg('clients', '10'));
const jsonFile = arg('json', null);
const readyFile = arg('ready-file', null);
const driven = flag('driven');
const warmupS = Number(arg('warmup', '10'));
const measureS = Number(arg('measure', '30'));
const decodeSample = Math.min(N, Number(arg('decode-sample', '16')));
const fullCheckMax = Number(arg('full-check-max', '100'));
const joinRate = Number(arg('join-rate', '100'));
const joinTimeoutS = Number(arg('join-timeout', String(Math.max(30, (2 * N) / joinRate + 20))));
const fullCheck = N <= fullCheckMax;

const client = new Client(endpoint);
const bots = [];
let joinErrors = 0;
let disconnects = 0;
const joinMs = [];

class Bot {
  constructor(i) {
    this.i = i;
    this.room = null;
    this.socket = null;
    this.decoding = true;
    this.keepDecoding = i < decodeSample;
    this.checkedAtJoin = null;
    this.checkedAll = null;
    this.inputs = 0;
    this.patches = 0;
    this.bytesAt = 0;
    this.stream = new S1InputStream(i);
    this.startMs = 0;
  }

  async join() {
    const t0 = performance.now();
    this.room = await client.joinOrCreate('s1', {});
    joinMs.push(performance.now() - t0);
    this.startMs = performance.now();
    const ws = this.room.connection.transport.ws;
    this.socket = ws && ws._socket;
    if (!this.socket || typeof this.socket.bytesRead !== 'number') {
      throw new Error('the SDK did not use the `ws` package; cannot count bytes at the socket');
    }
    const events = this.room.connection.events;
    const decode = events.onmessage;
    events.onmessage = (event) => {
      const code = new Uint8Array(event.data, 0, 1)[0] & CODE_MASK;
      if (code === ROOM_STATE_PATCH) {
        this.patches++;
        if (!this.decoding) return;
      }
      decode(event);
    };
    this.room.onLeave(() => { disconnects++; this.room = null; });
    await new Promise((resolve) => {
      const check = () => {
        const s = this.room && this.room.state;
        if (s && s.npcs && s.ships && s.ships.has(this.room.sessionId)) {
          this.checkedAtJoin = s.npcs.size === NPC_COUNT;
          resolve();
          return true;
        }
        return false;
      };
      if (!check()) {
        const handle = () => { if (check()) this.room.onStateChange.remove(handle); };
        this.room.onStateChange(handle);
      }
    });
    if (!this.keepDecoding && !fullCheck) this.countOnly();
  }

  /**
   * Stops decoding. At the next frame boundary the `ws` parser is taken off the socket and a
   * header-only scanner reads on: it counts state patches, skips payloads without copying and
   * answers pings; a 600-client load generator otherwise spends its core parsing frames it
   * discards. Bytes are still read from the socket and counted by it.
   */
  countOnly() {
    if (!this.decoding || !this.room) return;
    this.decoding = false;
    const ws = this.room.connection.transport.ws;
    ws.binaryType = 'nodebuffer';
    ws.removeAllListeners('message');
    ws.on('message', (data) => {
      if ((data[0] & CODE_MASK) === ROOM_STATE_PATCH) this.patches++;
    });
    const socket = this.socket;
    const receiver = ws._receiver;
    const parser = socket.listeners('data').find((f) => f.name === 'socketOnData');
    if (!receiver || !parser) return; // another ws version: keep its parser, still correct
    const atBoundary = () => receiver._state === 0 && receiver._bufferedBytes === 0 && receiver._fragments.length === 0;
    const trySwitch = () => {
      if (!atBoundary()) return;
      socket.removeListener('data', trySwitch);
      socket.removeListener('data', parser);
      socket.on('data', frameScanner(this, ws));
      socket.once('close', () => { if (this.room) { disconnects++; this.room = null; } });
    };
    socket.on('data', trySwitch);
  }

  entityCount() {
    const s = this.room && this.room.state;
    return s ? s.npcs.size + s.ships.size : -1;
  }

  sendInput(nowMs) {
    if (!this.room) return;
    const s = this.stream.at(nowMs - this.startMs);
    this.room.send('input', { thrust: s.thrust, turn: s.turn });
    this.inputs++;
  }
}

// --- input loop: 4 groups staggered by a quarter of a 60 Hz period ----------------------------
const GROUPS = 4;
const subMs = 1000 / INPUT_HZ / GROUPS;
const CATCH_UP_SLOTS = INPUT_HZ * GROUPS;
const MAX_SLOTS_PER_WAKE = 2;
let stopped = false;
let inputLoopStarted = false;
let inputT0 = 0;
let lastSub = -1;
let skippedSubSlots = 0;
function startInputs() {
  if (inputLoopStarted) return;
  inputLoopStarted = true;
  inputT0 = performance.now();
  inputLoop();
}
function inputLoop() {
  const now = performance.now();
  const cur = Math.floor((now - inputT0) / subMs);
  // More than CATCH_UP_SLOTS behind (this machine can stall a process for hundreds of ms): those
  // inputs are lost and lower the achieved rate.
  if (cur - lastSub > CATCH_UP_SLOTS) { skippedSubSlots += cur - CATCH_UP_SLOTS - lastSub; lastSub = cur - CATCH_UP_SLOTS; }
  // Catch up at most at twice the normal rate: N clients stalled together must not hit the
  // server with one burst that independent real clients would never send.
  const until = Math.min(cur, lastSub + MAX_SLOTS_PER_WAKE);
  for (let j = lastSub + 1; j <= until; j++) {
    const g = j % GROUPS;
    for (let i = g; i < bots.length; i += GROUPS) bots[i].sendInput(now);
  }
  lastSub = until;
  if (!stopped) setTimeout(inputLoop, Math.max(0, inputT0 + (cur + 1) * subMs - performance.now()));
}

/** Counts state patches in server-to-client frames (unmasked), answering pings with pongs. */
function frameScanner(bot, ws) {
  const head = Buffer.alloc(10);
  let headLen = 0;
  let remaining = 0;
  let firstByte = false;
  let ping = null;
  return function scan(chunk) {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (remaining > 0) {
        if (firstByte) { if ((chunk[i] & CODE_MASK) === ROOM_STATE_PATCH) bot.patches++; firstByte = false; }
        const take = Math.min(remaining, n - i);
        if (ping) ping.push(chunk.subarray(i, i + take));
        i += take;
        remaining -= take;
        if (remaining === 0 && ping) { ws.pong(Buffer.concat(ping)); ping = null; }
        continue;
      }
      head[headLen++] = chunk[i++];
      if (headLen < 2) continue;
      const len7 = head[1] & 0x7f;
      const need = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
      if (headLen < need) continue;
      const length = len7 === 126 ? head.readUInt16BE(2) : len7 === 127 ? Number(head.readBigUInt64BE(2)) : len7;
      const opcode = head[0] & 0x0f;
      headLen = 0;
      remaining = length;
      firstByte = opcode === 0x2 && length > 0;
      ping = opcode === 0x9 ? [] : null;
      if (length === 0 && ping) { ws.pong(Buffer.alloc(0)); ping = null; }
    }
  };
}

// --- join ramp -------------------------------------------------------------------------------
const joinStart = performance.now();
const pending = [];
for (let i = 0; i < N; i++) {
  const bot = new Bot(i);
  bots.push(bot);
  const due = joinStart + (i * 1000) / joinRate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  pending.push(bot.join().then(() => { startInputs(); }, (e) => {
    joinErrors++;
    if (joinErrors <= 3) console.error(`join ${i} failed: ${e && e.message ? e.message : e}`);
  }));
}
const joinedAll = await Promise.race([
  Promise.all(pending).then(() => true),
  new Promise((r) => setTimeout(() => r(false), joinTimeoutS * 1000)),
]);
const joined = bots.filter((b) => b.room && b.checkedAtJoin !== null).length;
const joinWallS = (performance.now() - joinStart) / 1000;

// --- full check once everyone is in, then most clients stop decoding --------------------------
async function settleFullCheck() {
  if (!fullCheck) return;
  // Two patch periods at S1-20 are enough for every client to have applied the last join.
  await new Promise((r) => setTimeout(r, 300));
  for (const b of bots) {
    if (!b.room) { b.checkedAll = false; continue; }
    b.checkedAll = b.entityCount() === NPC_COUNT + N;
    if (!b.keepDecoding) b.countOnly();
  }
}
await settleFullCheck();
if (readyFile) writeFileSync(readyFile, JSON.stringify({ joined, clients: N, join_wall_s: joinWallS }) + '\n');
console.error(`loadgen: ${joined}/${N} joined in ${joinWallS.toFixed(1)} s${joinedAll ? '' : ' (join timeout)'}`);

// --- measurement window ----------------------------------------------------------------------
let win = null;
// Event-loop delay explains a low input rate: the loop, not the sockets, fell behind.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
function openWindow() {
  loopDelay.reset();
  loopDelay.enable();
  win = {
    t0: performance.now(),
    cpu0: process.cpuUsage(),
    bytes0: bots.map((b) => (b.socket ? b.socket.bytesRead : 0)),
    inputs0: bots.map((b) => b.inputs),
    patches0: bots.map((b) => b.patches),
    skipped0: skippedSubSlots,
    disconnects0: disconnects,
  };
}
function closeWindow() {
  const wall = (performance.now() - win.t0) / 1000;
  const cpu = process.cpuUsage(win.cpu0);
  const bytes = [], inputs = [], patches = [];
  for (let i = 0; i < bots.length; i++) {
    const b = bots[i];
    bytes.push(((b.socket ? b.socket.bytesRead : 0) - win.bytes0[i]) / wall);
    inputs.push((b.inputs - win.inputs0[i]) / wall);
    patches.push((b.patches - win.patches0[i]) / wall);
  }
  const sample = bots.slice(0, decodeSample);
  const sampleOk = sample.length > 0 && sample.every((b) => b.entityCount() === NPC_COUNT + N);
  const atJoinOk = bots.every((b) => b.checkedAtJoin === true);
  const allOk = fullCheck ? bots.every((b) => b.checkedAll === true) : null;
  const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
  const min = (a) => (a.length ? Math.min(...a) : 0);
  const sorted = [...joinMs].sort((a, b) => a - b);
  const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null);
  return {
    system: 'colyseus',
    clients: N,
    connected: bots.filter((b) => b.room).length,
    joined,
    join_errors: joinErrors,
    join_wall_s: joinWallS,
    time_to_join_ms: { p50: q(0.5), p99: q(0.99), max: sorted.length ? sorted[sorted.length - 1] : null },
    window_s: wall,
    inbound_bytes_per_client_per_s: mean(bytes),
    inbound_bytes_per_client_per_s_min: min(bytes),
    state_patches_per_client_per_s: mean(patches),
    input_rate_per_client: mean(inputs),
    input_rate_per_client_min: min(inputs),
    skipped_input_slots: skippedSubSlots - win.skipped0,
    disconnects: disconnects - win.disconnects0,
    entity_check_ok: sampleOk && atJoinOk && allOk !== false,
    entity_check: {
      expected: NPC_COUNT + N,
      decode_sample: decodeSample,
      sample_ok_at_end: sampleOk,
      all_clients_ok_after_joins: allOk,
      all_clients_ok_at_join: atJoinOk,
      sample_counts: sample.slice(0, 4).map((b) => b.entityCount()),
    },
    loadgen_cpu: (cpu.user + cpu.system) / 1e6 / wall,
    loadgen_loop_delay_ms: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    loadgen_pid: process.pid,
  };
}
async function finish() {
  stopped = true;
  const result = closeWindow();
  const text = JSON.stringify(result);
  if (jsonFile) writeFileSync(jsonFile, text + '\n');
  console.log(text);
  for (const b of bots) { try { if (b.room) await b.room.leave(true); } catch { /* closing anyway */ } }
  setTimeout(() => process.exit(0), 200).unref();
}

if (driven) {
  process.on('SIGUSR1', () => { openWindow(); console.error('loadgen: window open'); });
  process.on('SIGUSR2', () => { if (!win) openWindow(); finish(); });
} else {
  setTimeout(() => {
    openWindow();
    setTimeout(finish, measureS * 1000);
  }, warmupS * 1000);
}
