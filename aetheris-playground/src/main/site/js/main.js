// Page bootstrap: login, then connect and play. Wires the World, Renderer, InputSender, HUD,
// admin panel and live charts together, and exposes a read-only `window.aetheris` for tests.
import * as auth from './auth.js';
import { drawChart, SeriesWindow } from './charts.js';
import { InputSender } from './input.js';
import { discoverWebTransport } from './links.js';
import { Connection } from './net.js';
import { Renderer } from './render.js';
import { World } from './world.js';

const $ = (id) => document.getElementById(id);
const world = new World();
const renderer = new Renderer($('view'), world);
let conn = null;
let input = null;
let session = null;
let otpRequestId = null;
let connState = 'offline';
let dead = false;

// ---- read-only debug view for tests and the curious --------------------------------------------
const debug = {
  get state() { return connState; },
  get possessed() { return world.shipId !== 0 && world.entities.get(world.shipId)?.count > 0; },
  get shipId() { return world.shipId; },
  get shipPos() {
    const s = world.entities.get(world.shipId);
    return s && s.count ? { x: s.xs[s.head], y: s.ys[s.head] } : null;
  },
  get entityCount() { return world.entities.size; },
  get drawnCount() { return renderer.drawn; },
  get kinds() {
    const out = {};
    for (const e of world.entities.values()) out[e.kind] = (out[e.kind] ?? 0) + 1;
    return out;
  },
  get rtt() { return conn ? conn.rtt : NaN; },
  /** 'webtransport' or 'websocket' once connected; why WebTransport was given up, if it was. */
  get transport() { return conn ? conn.transport : ''; },
  get webTransportError() { return conn ? conn.webTransportError : ''; },
  get rxDatagrams() { return conn ? conn.rxDatagrams : 0; },
  /** 'stream' or 'datagram': what carried the newest Possession ('' before one). */
  get possessionChannel() { return conn ? conn.possessionChannel : ''; },
  get admin() { return session ? auth.isAdmin(session) : false; },
  get manifest() { return world.manifest ? { ...world.manifest } : null; },
  get inputsSent() { return input ? input.sent : 0; },
  get badFrames() { return conn ? conn.badFrames : 0; },
  /** The interest radius the server reported (world units), drawn around the ship; NaN until known. */
  get interestRadius() { return Number(world.manifest?.interest_radius ?? NaN); },
  get budgetText() { return $('hud-budget').textContent; },
  /** 'v2' (compact snapshots) or 'v1'; with v2, the newest snapshot decoded (what the page acks). */
  get codec() { return conn ? conn.codec : ''; },
  get snapshotAck() { return conn ? conn.ack : 0; },
  /** Whether entity `id` is known with a position (so it is drawn). */
  sees(id) { return (world.entities.get(Number(id))?.count ?? 0) > 0; },
  /** Ids of every entity known with a position. */
  ids() { return [...world.entities.values()].filter((e) => e.count > 0).map((e) => e.id); },
};
Object.defineProperty(window, 'aetheris', { value: Object.freeze(debug) });

// ---- login --------------------------------------------------------------------------------------
async function boot() {
  session = auth.loadSession();
  if (session) {
    startGame();
    return;
  }
  showLogin(await auth.detectDevMode());
}

function showLogin(devMode) {
  $('game').hidden = true;
  $('login').hidden = false;
  $('dev-login').hidden = !devMode;
  $('otp-request').hidden = devMode;
  $('otp-verify').hidden = true;
  if (devMode) {
    const name = $('dev-name');
    if (!name.value) name.value = `pilot-${Math.floor(Math.random() * 9000 + 1000)}`;
    name.focus();
  }
}

function loginError(e) {
  $('login-error').textContent = e instanceof auth.AuthError ? e.message : `login failed: ${e.message}`;
}

$('dev-login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    session = await auth.devLogin($('dev-name').value.trim() || 'pilot', $('dev-admin').checked);
    startGame();
  } catch (e) {
    loginError(e);
  }
});

$('otp-request').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    const res = await auth.requestOtp($('otp-email').value.trim());
    otpRequestId = res.request_id;
    $('otp-request').hidden = true;
    $('otp-verify').hidden = false;
    $('otp-code').focus();
  } catch (e) {
    loginError(e);
  }
});

$('otp-verify').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    session = await auth.verifyOtp(otpRequestId, $('otp-code').value.trim());
    startGame();
  } catch (e) {
    loginError(e);
  }
});

$('logout').addEventListener('click', () => {
  if (conn) conn.stop();
  conn = null;
  auth.clearSession();
  session = null;
  world.clear();
  world.shipId = 0;
  $('logout').hidden = true;
  $('who').textContent = '';
  setConnState('offline');
  boot();
});

// ---- game ---------------------------------------------------------------------------------------
function startGame() {
  $('login').hidden = true;
  $('game').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = `${session.name || session.playerId || 'player'} · roles: ${session.tokenRoles.join(', ') || 'none'}`;
  setupAdmin();
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  conn = new Connection({
    url: `${proto}//${location.host}/ws`,
    webTransport: discoverWebTransport(),
    token: session.token,
    onFrame: (f) => world.apply(f, performance.now()),
    onState: setConnState,
    // Compact snapshots (docs/protocol/v2.md) unless ?codec=v1 asks for MessagePack records.
    codec: new URLSearchParams(location.search).get('codec') === 'v1' ? 'v1' : 'v2',
  });
  input = new InputSender(world, conn, log);
  input.attach(window);
  conn.start();
  $('view').focus();
}

function setConnState(state, detail = '') {
  connState = state;
  const el = $('conn-state');
  el.dataset.state = state;
  el.textContent = detail ? `${state}: ${detail}` : state;
  const banner = $('banner');
  if (state === 'reconnecting') {
    showBanner(`Connection lost — reconnecting… (${detail})`, 'info');
    // The server sends the full state again on reconnect: start from a clean mirror.
    world.clear();
    world.shipId = 0;
  } else if (state === 'closed') {
    showBanner(`Session closed: ${detail}. Log in again to keep playing.`, 'error');
    auth.clearSession();
  } else if (state === 'online') {
    if (!dead) banner.hidden = true;
    if (session && auth.isAdmin(session)) conn.sendEvent({ type: 'RequestSystemManifest' });
  }
}

function showBanner(text, cls) {
  const b = $('banner');
  b.textContent = text;
  b.className = cls;
  b.hidden = false;
}

const logLines = [];
function log(line) {
  logLines.push(line);
  if (logLines.length > 6) logLines.shift();
  $('event-log').textContent = logLines.join('\n');
}

world.onEvent = (ev) => {
  switch (ev.type) {
    case 'Possession':
      dead = false;
      $('banner').hidden = true;
      log(`you fly ship #${ev.network_id}`);
      // Interest radius and byte budget, drawn and shown in the HUD.
      if (!world.manifest) conn?.sendEvent({ type: 'RequestSystemManifest' });
      break;
    case 'DeathEvent':
      if (Number(ev.target) === world.shipId) {
        dead = true;
        showBanner('Ship destroyed — respawning…', 'info');
        log('you were destroyed');
        // The server respawns ships by itself; should it not within 5 s, offer to ask for a new one.
        setTimeout(() => {
          if (!dead || connState !== 'online') return;
          showBanner('Ship destroyed. ', 'info');
          const again = document.createElement('button');
          again.textContent = 'Respawn';
          again.dataset.testid = 'respawn';
          again.addEventListener('click', () => conn?.sendEvent({ type: 'StartSession' }));
          $('banner').append(again);
        }, 5000);
      }
      break;
    case 'RespawnEvent':
      // Sent to the owner only, naming the fresh ship waiting for it: take it.
      dead = false;
      $('banner').hidden = true;
      log('respawned');
      conn?.sendEvent({ type: 'StartSession' });
      break;
    case 'CargoCollected':
      if (Number(ev.network_id) === world.shipId) log(`+${ev.amount} ore`);
      break;
    case 'AsteroidDepleted':
      log(`asteroid #${ev.network_id} depleted`);
      break;
    case 'SystemManifest':
      renderManifest(ev.manifest);
      break;
    case 'ClearWorld':
      log('world cleared; taking a new ship');
      conn?.sendEvent({ type: 'StartSession' });
      break;
    default:
      break;
  }
};

// ---- admin --------------------------------------------------------------------------------------
function setupAdmin() {
  const admin = auth.isAdmin(session);
  $('admin').hidden = !admin;
  const absent = $('admin-absent');
  absent.hidden = admin;
  if (!admin) {
    const roles = session.tokenRoles.length ? session.tokenRoles.join(', ') : 'no roles';
    absent.textContent = `Admin tools are hidden: your session token grants ${roles}, and StressTest, Spawn and `
      + 'ClearWorld need the "admin" role (the server ignores them from anyone else).';
  }
}

$('stress').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const count = Math.max(1, Math.min(65535, Number($('stress-count').value) || 0));
  conn?.sendEvent({ type: 'StressTest', count, rotate: $('stress-rotate').checked });
  log(`StressTest ${count}`);
});
$('spawn').addEventListener('submit', (ev) => ev.preventDefault());
$('clear-world').addEventListener('click', () => {
  conn?.sendEvent({ type: 'ClearWorld' });
});
$('manifest-refresh').addEventListener('click', (ev) => {
  ev.preventDefault();
  conn?.sendEvent({ type: 'RequestSystemManifest' });
});
$('view').addEventListener('click', (ev) => {
  $('view').focus();
  if (!$('spawn-armed').checked || !session || !auth.isAdmin(session)) return;
  const r = $('view').getBoundingClientRect();
  const p = renderer.toWorld(ev.clientX - r.left, ev.clientY - r.top);
  const kind = Number($('spawn-kind').value);
  conn?.sendEvent({ type: 'Spawn', entity_type: kind, x: p.x, y: p.y, rot: 0 });
  log(`Spawn kind ${kind} at (${p.x.toFixed(0)}, ${p.y.toFixed(0)})`);
});
$('view').addEventListener('wheel', (ev) => {
  ev.preventDefault();
  renderer.zoom = Math.max(0.25, Math.min(20, renderer.zoom * (ev.deltaY > 0 ? 0.85 : 1 / 0.85)));
}, { passive: false });

function renderManifest(m) {
  const table = $('manifest');
  table.replaceChildren();
  for (const [k, v] of Object.entries(m)) {
    const tr = table.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = v;
  }
}

// ---- HUD, stats, charts -------------------------------------------------------------------------
const tickWin = new SeriesWindow(['p50', 'p99']);
const bwWin = new SeriesWindow(['out', 'rx']);
let lastRxBytes = 0;
let lastTickSeen = 0;
let lastHudAt = performance.now();
let rxPerS = 0;
let ticksPerS = NaN;
let statsTickRate = 0;

function everySecond() {
  const now = performance.now();
  const dt = (now - lastHudAt) / 1000;
  lastHudAt = now;
  if (conn) {
    rxPerS = (conn.rxBytes - lastRxBytes) / dt;
    lastRxBytes = conn.rxBytes;
  }
  ticksPerS = lastTickSeen && world.latestTick > lastTickSeen ? (world.latestTick - lastTickSeen) / dt : NaN;
  lastTickSeen = world.latestTick;
  pollStats();
}

async function pollStats() {
  if (!session) return;
  let s = null;
  try {
    const res = await fetch('/v1/stats', { cache: 'no-store' });
    if (res.ok) s = await res.json();
  } catch {
    // server away: the connection state already says so; the charts show a gap
  }
  tickWin.push({ p50: s?.tick_ms?.p50, p99: s?.tick_ms?.p99 });
  bwWin.push({ out: s ? s.bytes_out_per_s / 1024 : null, rx: rxPerS / 1024 });
  if (s && typeof s.tick_rate === 'number' && s.tick_rate > 0) {
    world.tickRate = s.tick_rate;
    statsTickRate = s.tick_rate;
  }
  drawChart($('chart-tick'), tickWin, { p50: '#4cc9f0', p99: '#f72585' }, 'ms');
  drawChart($('chart-bw'), bwWin, { out: '#90be6d', rx: '#f9c74f' }, 'KiB/s');
  $('stats-text').textContent = s
    ? `tick ${fmt(s.tick_ms?.p50, 2)} / ${fmt(s.tick_ms?.p99, 2)} ms · ${s.clients ?? '?'} clients · ${s.entities ?? '?'} entities · ${fmtBytes(s.bytes_out_per_s)}/s out`
    : 'server stats unavailable';
}

function updateHud() {
  const ship = world.entities.get(world.shipId);
  const pool = (p) => (p ? `${p.current} / ${p.max}` : '–');
  $('hud-hull').textContent = pool(ship?.hull);
  $('hud-shield').textContent = pool(ship?.shield);
  $('hud-hull-bar').value = ship?.hull?.max ? ship.hull.current / ship.hull.max : 0;
  $('hud-shield-bar').value = ship?.shield?.max ? ship.shield.current / ship.shield.max : 0;
  $('hud-energy').textContent = pool(ship?.energy);
  $('hud-cargo').textContent = ship?.cargo ? `${ship.cargo.ore_count} / ${ship.cargo.capacity}` : '–';
  $('hud-rtt').textContent = conn && Number.isFinite(conn.rtt) ? `${conn.rtt} ms` : '–';
  $('hud-transport').textContent = conn?.transport === 'webtransport' ? 'WebTransport'
    : conn?.transport === 'websocket' ? `WebSocket${conn.webTransportError ? ' (WebTransport failed)' : ''}` : '–';
  // Measured from the ticks stamped on updates; when nothing changes, the configured rate.
  $('hud-tick').textContent = Number.isFinite(ticksPerS) ? ticksPerS.toFixed(0) : statsTickRate ? `${statsTickRate} (configured)` : '–';
  $('hud-entities').textContent = String(world.entities.size);
  $('hud-bytes').textContent = `${fmtBytes(rxPerS)}/s`;
  const budget = Number(world.manifest?.client_budget);
  $('hud-budget').textContent = budget > 0 ? `${(rxPerS / 1024).toFixed(1)} of ${(budget / 1024).toFixed(0)} KiB/s (${(100 * rxPerS / budget).toFixed(0)} %)` : '–';
}

function fmt(v, d) {
  return typeof v === 'number' ? v.toFixed(d) : '?';
}

function fmtBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '?';
  if (n < 1024) return `${n.toFixed(0)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

// ---- loop ---------------------------------------------------------------------------------------
let hudAt = 0;
function loop(now) {
  if (session && !$('game').hidden) {
    renderer.frame(now);
    input?.pump(now);
    if (now - hudAt > 200) {
      hudAt = now;
      updateHud();
    }
  }
  requestAnimationFrame(loop);
}

setInterval(everySecond, 1000);
requestAnimationFrame(loop);
boot();
