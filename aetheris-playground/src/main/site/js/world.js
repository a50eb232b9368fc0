// The page's mirror of what the server replicates: entities with their latest components and a
// short history of positions keyed by server tick, so the renderer can draw each entity slightly
// in the past, between two real states, and a lost update never makes anything jump.
import { decodeComponent, EntityKind, Kind } from './wire.js';

const HISTORY = 16;
/** How far behind the newest state the page draws (ms). */
export const INTERP_DELAY_MS = 100;
/** Past the newest sample an entity coasts on its velocity for at most this long, then holds. */
const MAX_EXTRAPOLATE_MS = 250;

export class Entity {
  constructor(id) {
    this.id = id;
    this.kind = 0;
    this.ticks = new Float64Array(HISTORY);
    this.xs = new Float32Array(HISTORY);
    this.ys = new Float32Array(HISTORY);
    this.rots = new Float32Array(HISTORY);
    this.count = 0; // samples stored (ring)
    this.head = -1;
    this.vx = 0;
    this.vy = 0;
    this.name = '';
    this.hull = null; // {current, max}
    this.shield = null;
    this.energy = null;
    this.cargo = null; // {ore_count, capacity}
    this.ore = null; // asteroids: {ore_remaining, total_capacity}
    this.beam = null; // {active, target}
    this.quantity = 0; // cargo drops
    this.hitAt = -1e9; // last DamageEvent, for a flash
    // interpolated pose, filled by sample()
    this.x = 0;
    this.y = 0;
    this.rot = 0;
  }

  push(tick, x, y, rot) {
    if (this.count > 0) {
      const last = this.ticks[this.head];
      if (tick < last) return; // stale update delivered late: older than what we have
      if (tick === last) { // same tick: newest wins
        this.xs[this.head] = x; this.ys[this.head] = y; this.rots[this.head] = rot;
        return;
      }
    }
    this.head = (this.head + 1) % HISTORY;
    this.ticks[this.head] = tick;
    this.xs[this.head] = x;
    this.ys[this.head] = y;
    this.rots[this.head] = rot;
    if (this.count < HISTORY) this.count++;
  }

  /** Pose at server tick `t` (fractional), wrapped in `bounds` if known. Returns false with no data. */
  sample(t, tickMs, bounds) {
    if (this.count === 0) return false;
    const newest = this.head;
    if (t >= this.ticks[newest]) {
      const ahead = Math.min((t - this.ticks[newest]) * tickMs, MAX_EXTRAPOLATE_MS) / 1000;
      this.x = this.xs[newest] + this.vx * ahead;
      this.y = this.ys[newest] + this.vy * ahead;
      this.rot = this.rots[newest];
      return true;
    }
    // Walk back to the pair [older, newer] that brackets t.
    let newer = newest;
    for (let i = 1; i < this.count; i++) {
      const older = (newest - i + HISTORY) % HISTORY;
      if (this.ticks[older] <= t) {
        const span = this.ticks[newer] - this.ticks[older];
        const a = span > 0 ? (t - this.ticks[older]) / span : 1;
        let dx = this.xs[newer] - this.xs[older];
        let dy = this.ys[newer] - this.ys[older];
        // Crossing a wrapping room edge: snap instead of sweeping across the whole room.
        if (bounds && (Math.abs(dx) > (bounds.max_x - bounds.min_x) / 2 || Math.abs(dy) > (bounds.max_y - bounds.min_y) / 2)) {
          dx = 0; dy = 0;
        }
        this.x = this.xs[older] + dx * a;
        this.y = this.ys[older] + dy * a;
        this.rot = lerpAngle(this.rots[older], this.rots[newer], a);
        return true;
      }
      newer = older;
    }
    // t is older than all history: draw the oldest state we have.
    this.x = this.xs[newer]; this.y = this.ys[newer]; this.rot = this.rots[newer];
    return true;
  }
}

function lerpAngle(a, b, t) {
  let d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d < -Math.PI) d += 2 * Math.PI;
  return a + d * t;
}

export class World {
  constructor() {
    this.entities = new Map();
    this.bounds = null;
    this.shipId = 0;
    this.latestTick = 0;
    this.tickRate = 60;
    // server-tick ↔ local-clock mapping: local ms ≈ tick * tickMs + offset (lowest-latency estimate)
    this.offset = NaN;
    this.unknownComponents = 0;
    this.badPayloads = 0;
    this.manifest = null;
    this.onEvent = () => {};
  }

  get tickMs() {
    return 1000 / this.tickRate;
  }

  clear() {
    this.entities.clear();
    this.offset = NaN;
  }

  entity(id) {
    let e = this.entities.get(id);
    if (!e) {
      e = new Entity(id);
      this.entities.set(id, e);
    }
    return e;
  }

  observeTick(tick, now) {
    if (tick > this.latestTick) this.latestTick = tick;
    const o = now - tick * this.tickMs;
    // Take the earliest arrival as the reference and let it drift up slowly, so one late packet
    // does not shift the whole timeline but a real clock change is followed.
    if (Number.isNaN(this.offset) || o < this.offset || o - this.offset > 1000) this.offset = o;
  }

  /** Server tick to draw at now: ~INTERP_DELAY_MS behind the newest state. */
  renderTick(now) {
    if (Number.isNaN(this.offset)) return this.latestTick;
    this.offset += 0.01; // ~0.6 ms/s drift allowance toward later arrivals
    return (now - this.offset - INTERP_DELAY_MS) / this.tickMs;
  }

  applyRecord(networkId, kind, payload, tick, now) {
    let v;
    try {
      v = decodeComponent(kind, payload);
    } catch {
      this.badPayloads++;
      return;
    }
    if (v === undefined) {
      this.unknownComponents++;
      return;
    }
    this.applyValue(networkId, kind, v, tick, now);
  }

  /** One component value, decoded (v1 payload or v2 snapshot). */
  applyValue(networkId, kind, v, tick, now) {
    this.observeTick(tick, now);
    const e = this.entity(networkId);
    switch (kind) {
      case Kind.TRANSFORM:
        if (e.kind === 0 || e.kind !== v.entity_type) e.kind = v.entity_type;
        e.push(tick, v.x, v.y, v.rotation);
        break;
      case Kind.VELOCITY:
        e.vx = v.dx; e.vy = v.dy;
        break;
      case Kind.SHIP_STATS:
        e.hull = { current: v.hp, max: v.max_hp };
        e.shield = { current: v.shield, max: v.max_shield };
        e.energy = { current: v.energy, max: v.max_energy };
        break;
      case Kind.PLAYER_NAME: e.name = v.name; break;
      case Kind.ASTEROID_HP: e.hull = { current: v.hp, max: v.max_hp }; break;
      case Kind.SHIP_CLASS:
        if (e.kind === 0) e.kind = { Interceptor: 1, Dreadnought: 3, Hauler: 4 }[v.type];
        break;
      case Kind.PROJECTILE_MARKER: if (e.kind === 0) e.kind = EntityKind.PROJECTILE; break;
      case Kind.ROOM_BOUNDS: this.bounds = v; break;
      case Kind.MINING_BEAM: e.beam = v; break;
      case Kind.CARGO_HOLD: e.cargo = v; break;
      case Kind.ASTEROID: e.ore = v; if (e.kind === 0) e.kind = EntityKind.ASTEROID; break;
      case Kind.SHIELD_POOL: e.shield = v; break;
      case Kind.HULL_POOL: e.hull = v; break;
      case Kind.CARGO_DROP: e.quantity = v.quantity; if (e.kind === 0) e.kind = EntityKind.CARGO_DROP; break;
      default: break; // known layout, nothing to show (weapon, room definition, membership)
    }
  }

  /** Applies one decoded server frame. */
  apply(f, now) {
    switch (f.type) {
      case 'ReplicationBatch':
        for (const r of f.events) this.applyRecord(num(r.network_id), r.component_kind, r.payload, num(r.tick), now);
        break;
      case 'Replication':
        this.applyRecord(num(f.network_id), f.component_kind, f.payload, num(f.tick), now);
        break;
      case 'Snapshot':
        // Codec v2: the snapshot is the whole truth; what left it is gone (or out of view).
        for (const id of f.removed) this.entities.delete(id);
        for (const e of f.entered) this.entity(e.id).kind = e.kind;
        for (const c of f.components) this.applyValue(c.id, c.kind, c.value, f.tick, now);
        break;
      case 'EntitySpawned':
        this.entity(num(f.network_id)).kind = f.kind;
        break;
      case 'EntityDespawned':
        this.entities.delete(num(f.network_id));
        break;
      case 'ClearWorld':
        // The server's acknowledgement: everything is gone, our ship too (the page asks for a new one).
        this.entities.clear();
        this.shipId = 0;
        this.onEvent({ type: 'ClearWorld' });
        break;
      case 'GameEvent':
        this.applyGameEvent(f.event, now);
        break;
      default:
        break; // Ping from the server and anything else a page has no use for
    }
  }

  applyGameEvent(ev, now) {
    switch (ev.type) {
      case 'Possession':
        this.shipId = num(ev.network_id);
        this.entity(this.shipId);
        break;
      case 'DamageEvent': {
        const t = this.entities.get(num(ev.target));
        if (t) t.hitAt = now;
        break;
      }
      case 'DeathEvent':
        if (num(ev.target) !== this.shipId) this.entities.delete(num(ev.target));
        break;
      case 'RespawnEvent': {
        const e = this.entity(num(ev.target));
        e.count = 0; e.head = -1; // a respawn is a teleport: drop the history instead of sliding
        e.push(this.latestTick, ev.x, ev.y, 0);
        break;
      }
      case 'AsteroidDepleted':
        this.entities.delete(num(ev.network_id));
        break;
      case 'SystemManifest':
        this.manifest = ev.manifest;
        break;
      default:
        break;
    }
    this.onEvent(ev);
  }

  /** Nearest entity of `kind` to (x, y), or null. */
  nearest(kind, x, y) {
    let best = null;
    let bestD = Infinity;
    for (const e of this.entities.values()) {
      if (e.kind !== kind || e.count === 0) continue;
      const d = (e.xs[e.head] - x) ** 2 + (e.ys[e.head] - y) ** 2;
      if (d < bestD) { bestD = d; best = e; }
    }
    return best;
  }
}

/** Ids beyond 2^53 arrive as BigInt; the page keys entities by Number (fine below 2^53). */
function num(v) {
  return typeof v === 'bigint' ? Number(v) : v;
}
