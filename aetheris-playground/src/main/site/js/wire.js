// The Aetheris wire format (upstream v0.2.22 shapes as rmp-serde writes them) described once as
// data: events and components are type trees, and one generic encoder/decoder walks them, the same
// way the Java side declares `Components` once. Decoded values are plain objects with snake_case
// field names (as on the upstream types); enum values carry their variant name in `type`.
import { Reader, WireError, Writer } from './msgpack.js';

// ---- type trees -------------------------------------------------------------------------------
// 'u8' | 'u16' | 'u32' | 'u64' | 'f32' | 'bool' | 'str' | 'bin'
// { opt: T } | { seq: T } | { strmap: true } | { struct: [[name, T], ...], required?: n }
// { enum: { Name: variant } } with variant = null (unit) | { fields: [[name, T]...] } | { newtype: T, as: name }
const struct = (...fields) => ({ struct: fields });
const fields = (...f) => ({ fields: f });
const newtype = (as, t) => ({ newtype: t, as });

/** `ReplicationEvent` inside a batch: note payload comes before tick. */
export const REPLICATION_EVENT = struct(['network_id', 'u64'], ['component_kind', 'u16'], ['payload', 'bin'], ['tick', 'u64']);

export const GAME_EVENT = {
  enum: {
    AsteroidDepleted: fields(['network_id', 'u64']),
    Possession: fields(['network_id', 'u64']),
    SystemManifest: fields(['manifest', { strmap: true }]),
    DamageEvent: fields(['source', 'u64'], ['target', 'u64'], ['amount', 'u16']),
    DeathEvent: fields(['target', 'u64']),
    RespawnEvent: fields(['target', 'u64'], ['x', 'f32'], ['y', 'f32']),
    CargoCollected: fields(['network_id', 'u64'], ['amount', 'u16']),
  },
};

export const WIRE_EVENT = {
  enum: {
    Ping: fields(['tick', 'u64']),
    Pong: fields(['tick', 'u64']),
    Auth: fields(['session_token', 'str']),
    Fragment: newtype('fragment', struct(['message_id', 'u32'], ['fragment_index', 'u16'], ['total_fragments', 'u16'], ['payload', 'bin'])),
    StressTest: fields(['count', 'u16'], ['rotate', 'bool']),
    Spawn: fields(['entity_type', 'u16'], ['x', 'f32'], ['y', 'f32'], ['rot', 'f32']),
    ClearWorld: null,
    StartSession: null,
    RequestSystemManifest: null,
    GameEvent: newtype('event', GAME_EVENT),
    ReplicationBatch: newtype('events', { seq: REPLICATION_EVENT }),
    EntitySpawned: fields(['network_id', 'u64'], ['kind', 'u16']),
    EntityDespawned: fields(['network_id', 'u64']),
  },
};

const PLAYER_INPUT = {
  enum: {
    Move: fields(['x', 'f32'], ['y', 'f32']),
    ToggleMining: fields(['target', 'u64']),
    FirePrimary: null,
  },
};

/** Component kind numbers (upstream v0.2.22). */
export const Kind = Object.freeze({
  TRANSFORM: 1, VELOCITY: 2, SHIP_STATS: 3, SHIP_CLASS: 5, PLAYER_NAME: 6, ASTEROID_HP: 8,
  PROJECTILE_MARKER: 13, INPUT_COMMAND: 128, ROOM_DEFINITION: 129, ROOM_BOUNDS: 130,
  ROOM_MEMBERSHIP: 131, MINING_BEAM: 1024, CARGO_HOLD: 1025, ASTEROID: 1026, WEAPON: 1027,
  SHIELD_POOL: 1028, HULL_POOL: 1029, CARGO_DROP: 1030,
});

/** Component layouts by kind; names match `Components.java`. */
export const COMPONENTS = new Map([
  [1, { name: 'transform', type: struct(['x', 'f32'], ['y', 'f32'], ['z', 'f32'], ['rotation', 'f32'], ['entity_type', 'u16']) }],
  [2, { name: 'velocity', type: struct(['dx', 'f32'], ['dy', 'f32'], ['dz', 'f32']) }],
  [3, { name: 'ship_stats', type: struct(['hp', 'u16'], ['max_hp', 'u16'], ['shield', 'u16'], ['max_shield', 'u16'],
    ['energy', 'u16'], ['max_energy', 'u16'], ['shield_regen_per_s', 'u16'], ['energy_regen_per_s', 'u16']) }],
  [5, { name: 'ship_class', type: { enum: { Interceptor: null, Dreadnought: null, Hauler: null } } }],
  [6, { name: 'player_name', type: struct(['name', 'str']) }],
  [8, { name: 'asteroid_hp', type: struct(['hp', 'u16'], ['max_hp', 'u16']) }],
  [13, { name: 'projectile_marker', type: struct(['projectile_type', { enum: { PulseLaser: null, SeekerMissile: null } }], ['origin_tick', 'u64']) }],
  [128, { name: 'input_command', type: struct(['tick', 'u64'], ['actions', { seq: PLAYER_INPUT }], ['actions_mask', 'u32'], ['last_seen_input_tick', { opt: 'u64' }]) }],
  [129, { name: 'room_definition', type: struct(['name', 'str'], ['capacity', 'u32'],
    ['access', { enum: { Open: null, InviteOnly: null, Locked: null, Permission: newtype('token', 'str') } }], ['is_template', 'bool']) }],
  [130, { name: 'room_bounds', type: struct(['min_x', 'f32'], ['min_y', 'f32'], ['max_x', 'f32'], ['max_y', 'f32']) }],
  [131, { name: 'room_membership', type: 'u64' }],
  // The last two fields are #[serde(default)] upstream, so older senders may omit them.
  [1024, { name: 'mining_beam', type: { ...struct(['active', 'bool'], ['target', { opt: 'u64' }], ['mining_range', 'f32'], ['base_mining_rate', 'u16']), required: 2 } }],
  [1025, { name: 'cargo_hold', type: struct(['ore_count', 'u16'], ['capacity', 'u16']) }],
  [1026, { name: 'asteroid', type: struct(['ore_remaining', 'u16'], ['total_capacity', 'u16']) }],
  [1027, { name: 'weapon', type: struct(['cooldown_ticks', 'u16'], ['last_fired_tick', 'u64']) }],
  [1028, { name: 'shield_pool', type: struct(['current', 'u16'], ['max', 'u16']) }],
  [1029, { name: 'hull_pool', type: struct(['current', 'u16'], ['max', 'u16']) }],
  [1030, { name: 'cargo_drop', type: struct(['quantity', 'u16']) }],
]);

/** `actions_mask` bit: weapon trigger held. */
export const ACTION_FIRE_WEAPON = 1 << 2;

/** Entity kinds (`Transform.entity_type`, `Spawn.entity_type`, `EntitySpawned.kind`). */
export const EntityKind = Object.freeze({
  INTERCEPTOR: 1, AI_INTERCEPTOR: 2, DREADNOUGHT: 3, HAULER: 4, ASTEROID: 5, CARGO_DROP: 6,
  TRAINING_DUMMY: 10, PROJECTILE: 20,
});

// ---- generic walk -----------------------------------------------------------------------------
const UINT_BITS = { u8: 8, u16: 16, u32: 32, u64: 64 };

export function encodeValue(w, t, v, path = 'value') {
  if (typeof t === 'string') {
    switch (t) {
      case 'u8': case 'u16': case 'u32': case 'u64': {
        const bits = UINT_BITS[t];
        if (bits < 64 && !(Number.isInteger(v) && v >= 0 && v < 2 ** bits)) throw new WireError(`${path}: ${v} is not a ${t}`);
        return w.uint(v);
      }
      case 'f32':
        if (typeof v !== 'number') throw new WireError(`${path}: ${v} is not a number`);
        return w.f32(v);
      case 'bool': return w.bool(!!v);
      case 'str':
        if (typeof v !== 'string') throw new WireError(`${path}: not a string`);
        return w.str(v);
      case 'bin':
        if (!(v instanceof Uint8Array)) throw new WireError(`${path}: not a Uint8Array`);
        return w.bin(v);
      default: throw new Error(`unknown type ${t}`);
    }
  }
  if (t.opt) return v === null || v === undefined ? w.nil() : encodeValue(w, t.opt, v, path);
  if (t.seq) {
    w.array(v.length);
    for (let i = 0; i < v.length; i++) encodeValue(w, t.seq, v[i], `${path}[${i}]`);
    return;
  }
  if (t.strmap) {
    // BTreeMap<String,String>: ascending UTF-8 byte order of the keys.
    const enc = new TextEncoder();
    const keys = Object.keys(v).sort((a, b) => compareBytes(enc.encode(a), enc.encode(b)));
    w.map(keys.length);
    for (const k of keys) { w.str(k); w.str(String(v[k])); }
    return;
  }
  if (t.struct) {
    w.array(t.struct.length);
    for (const [name, ft] of t.struct) encodeValue(w, ft, v[name], `${path}.${name}`);
    return;
  }
  if (t.enum) {
    const name = typeof v === 'string' ? v : v.type;
    if (!Object.hasOwn(t.enum, name)) throw new WireError(`${path}: unknown variant ${name}`);
    const variant = t.enum[name];
    if (variant === null) return w.str(name);
    w.map(1);
    w.str(name);
    if (variant.fields) {
      w.array(variant.fields.length);
      for (const [fname, ft] of variant.fields) encodeValue(w, ft, v[fname], `${path}.${name}.${fname}`);
    } else {
      encodeValue(w, variant.newtype, v[variant.as], `${path}.${name}`);
    }
    return;
  }
  throw new Error('bad type tree');
}

export function decodeValue(r, t) {
  if (typeof t === 'string') {
    switch (t) {
      case 'u8': return r.uint(8);
      case 'u16': return r.uint(16);
      case 'u32': return r.uint(32);
      case 'u64': return r.uint(64);
      case 'f32': return r.f32();
      case 'bool': return r.bool();
      case 'str': return r.str();
      case 'bin': return r.bin();
      default: throw new Error(`unknown type ${t}`);
    }
  }
  if (t.opt) {
    if (r.isNil()) { r.nil(); return null; }
    return decodeValue(r, t.opt);
  }
  if (t.seq) {
    const n = r.array();
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = decodeValue(r, t.seq);
    return out;
  }
  if (t.strmap) {
    const n = r.map();
    const out = {};
    for (let i = 0; i < n; i++) { const k = r.str(); out[k] = r.str(); }
    return out;
  }
  if (t.struct) {
    const at = r.pos;
    const n = r.array();
    const required = t.required ?? t.struct.length;
    if (n < required || n > t.struct.length) {
      throw new WireError(`struct needs ${required === t.struct.length ? required : `${required}..${t.struct.length}`} fields, has ${n}`, at);
    }
    const out = {};
    for (let i = 0; i < t.struct.length; i++) {
      const [name, ft] = t.struct[i];
      out[name] = i < n ? decodeValue(r, ft) : defaultOf(ft);
    }
    return out;
  }
  if (t.enum) {
    const at = r.pos;
    if (r.isStr()) {
      const name = r.str();
      if (!Object.hasOwn(t.enum, name)) throw new WireError(`unknown variant ${name}`, at);
      if (t.enum[name] !== null) throw new WireError(`variant ${name} needs a body`, at);
      return { type: name };
    }
    if (!r.isMap()) throw new WireError('expected an enum (a name or a 1-entry map)', at);
    if (r.map() !== 1) throw new WireError('an enum map must have exactly one entry', at);
    const nameAt = r.pos;
    const name = r.str();
    if (!Object.hasOwn(t.enum, name)) throw new WireError(`unknown variant ${name}`, nameAt);
    const variant = t.enum[name];
    if (variant === null) throw new WireError(`unit variant ${name} must be a bare name`, nameAt);
    const out = { type: name };
    if (variant.fields) {
      const bodyAt = r.pos;
      const n = r.array();
      if (n !== variant.fields.length) throw new WireError(`${name} needs ${variant.fields.length} fields, has ${n}`, bodyAt);
      for (const [fname, ft] of variant.fields) out[fname] = decodeValue(r, ft);
    } else {
      out[variant.as] = decodeValue(r, variant.newtype);
    }
    return out;
  }
  throw new Error('bad type tree');
}

function defaultOf(t) {
  if (t === 'f32' || UINT_BITS[t]) return 0;
  if (t === 'bool') return false;
  if (t.opt) return null;
  return null;
}

function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// ---- public API -------------------------------------------------------------------------------
const scratch = new Writer(1024);

/** One WireEvent → its frame bytes, e.g. `encodeEvent({type:'Ping', tick: 5})`. */
export function encodeEvent(ev, w = scratch) {
  w.reset();
  encodeValue(w, WIRE_EVENT, ev, 'event');
  return w.bytes();
}

/** Event frame bytes → WireEvent object. Throws WireError; trailing bytes are an error. */
export function decodeEvent(bytes) {
  if (bytes.length === 0) throw new WireError('empty input', 0);
  const r = new Reader(bytes);
  const ev = decodeValue(r, WIRE_EVENT);
  r.end();
  return ev;
}

/** A replication frame: `93 <nid> <kind> <tick>` followed by the raw component payload. */
export function encodeReplicationFrame(networkId, componentKind, tick, payload, w = scratch) {
  w.reset();
  w.array(3);
  w.uint(networkId);
  w.uint(componentKind);
  w.uint(tick);
  w.raw(payload);
  return w.bytes();
}

export function decodeReplicationFrame(bytes) {
  const r = new Reader(bytes);
  const at = r.pos;
  if (r.array() !== 3) throw new WireError('a replication header has 3 fields', at);
  const network_id = r.uint(64);
  const component_kind = r.uint(16);
  const tick = r.uint(64);
  return { type: 'Replication', network_id, component_kind, tick, payload: bytes.subarray(r.pos) };
}

/** Any server frame: a replication frame (first byte 0x93) or an event frame. */
export function decodeFrame(bytes) {
  if (bytes.length > 0 && bytes[0] === 0x93) return decodeReplicationFrame(bytes);
  return decodeEvent(bytes);
}

/** A component value → its payload bytes. */
export function encodeComponent(kind, value) {
  const c = COMPONENTS.get(kind);
  if (!c) throw new WireError(`unknown component kind ${kind}`);
  const w = new Writer(64);
  encodeValue(w, c.type, value, c.name);
  return w.bytes();
}

/** Payload bytes → component value, or `undefined` for a kind this page does not know. */
export function decodeComponent(kind, payload) {
  const c = COMPONENTS.get(kind);
  if (!c) return undefined;
  const r = new Reader(payload);
  const v = decodeValue(r, c.type);
  r.end();
  return v;
}

/** Input payload: `[tick, [actions], actions_mask, last_seen_input_tick|nil]`. */
export function encodeInputCommand(cmd) {
  return encodeComponent(Kind.INPUT_COMMAND, cmd);
}

/**
 * Reassembles `Fragment` events per message id. Bounded: at most `maxPending` messages, each of
 * at most `maxFragments` pieces, dropped `timeoutMs` after their first piece.
 */
export class Reassembler {
  constructor({ timeoutMs = 5000, maxPending = 32, maxFragments = 1024 } = {}) {
    this.timeoutMs = timeoutMs;
    this.maxPending = maxPending;
    this.maxFragments = maxFragments;
    this.pending = new Map();
    this.dropped = 0;
  }

  /** Returns the whole message once its last piece arrives, else null. */
  add(fragment, now) {
    const { message_id: id, fragment_index: idx, total_fragments: total, payload } = fragment;
    this.prune(now);
    if (total === 0 || total > this.maxFragments || idx >= total) { this.dropped++; return null; }
    let m = this.pending.get(id);
    if (!m) {
      if (this.pending.size >= this.maxPending) { this.dropped++; return null; }
      m = { total, parts: new Array(total), have: 0, size: 0, first: now };
      this.pending.set(id, m);
    }
    if (m.total !== total) { this.dropped++; return null; }
    if (m.parts[idx]) return null; // duplicate: keep the first copy
    m.parts[idx] = payload.slice();
    m.have++;
    m.size += payload.length;
    if (m.have < m.total) return null;
    this.pending.delete(id);
    const out = new Uint8Array(m.size);
    let o = 0;
    for (const p of m.parts) { out.set(p, o); o += p.length; }
    return out;
  }

  prune(now) {
    for (const [id, m] of this.pending) {
      if (now - m.first > this.timeoutMs) { this.pending.delete(id); this.dropped++; }
    }
  }
}
