// Codec v2 (docs/protocol/v2.md) for the page: HELLO, INPUT headers (acks), the SCHEMA message
// and a snapshot decoder that keeps the last 32 snapshots as possible baselines and reports, per
// snapshot, what changed since the previous newest one as v1-shaped component values.
import { WireError } from './msgpack.js';
import { COMPONENTS } from './wire.js';

export const MARK = 0xc1;
export const HELLO = 0x01;
export const SCHEMA = 0x02;
export const SNAPSHOT = 0x03;
export const INPUT = 0x04;
const RING = 32;
const TYPES = ['BOOL', 'UINT', 'F32', 'ENUM', 'OPTIONAL_ID', 'STRING'];
const TWO32 = 2 ** 32;

export const HELLO_BYTES = Uint8Array.of(MARK, HELLO, 2);

export const isCompact = (b) => b.length >= 2 && b[0] === MARK;

/** `message` behind an INPUT header acking snapshot `ack`. */
export function withAck(ack, message = new Uint8Array(0)) {
  const out = new Uint8Array(6 + message.length);
  out[0] = MARK; out[1] = INPUT;
  new DataView(out.buffer).setUint32(2, ack, true);
  out.set(message, 6);
  return out;
}

class Bits {
  constructor(bytes, start) { this.b = bytes; this.start = start; this.pos = 0; this.limit = (bytes.length - start) * 8; }
  fail(why) { return new WireError(`${why} at byte ${this.start + (this.pos >>> 3)}`); }
  bit() {
    if (this.pos >= this.limit) throw this.fail('truncated snapshot');
    const v = (this.b[this.start + (this.pos >>> 3)] >>> (this.pos & 7)) & 1;
    this.pos++;
    return v;
  }
  /** Up to 64 bits as a Number (exact below 2^53). */
  read(n) {
    let v = 0;
    for (let i = 0; i < n; i++) if (this.bit()) v += 2 ** i;
    return v;
  }
  readVar() {
    let v = 0;
    for (let g = 0; g < 16; g++) {
      const chunk = this.read(4);
      v += chunk * 16 ** g;
      if (!this.bit()) {
        if (g > 0 && chunk === 0) throw this.fail('variable-length value not in its shortest form');
        return v;
      }
    }
    throw this.fail('variable-length value over 16 groups');
  }
  end() {
    const left = this.limit - this.pos;
    if (left >= 8) throw this.fail('trailing bytes after the last entity');
    if (left > 0 && this.read(left) !== 0) throw this.fail('non-zero padding bits');
  }
}

/** The SCHEMA message → { components: [{ kind, fields: [{ type, bits, min, precision }] }] }. */
export function decodeSchema(bytes) {
  if (bytes.length < 3 || bytes[0] !== MARK || bytes[1] !== SCHEMA) throw new WireError('not a v2 SCHEMA message at byte 0');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes[2];
  if (count < 1 || count > 64) throw new WireError(`component count ${count} at byte 2`);
  let p = 3;
  const need = (n) => { if (p + n > bytes.length) throw new WireError(`truncated schema at byte ${p}`); };
  const components = [];
  for (let c = 0; c < count; c++) {
    need(3);
    const kind = dv.getUint16(p, true);
    const n = bytes[p + 2];
    p += 3;
    if (n < 1 || n > 64) throw new WireError(`field count ${n} at byte ${p - 1}`);
    const fields = [];
    for (let f = 0; f < n; f++) {
      need(18);
      const type = TYPES[bytes[p]];
      if (!type) throw new WireError(`unknown field type code ${bytes[p]} at byte ${p}`);
      fields.push({ type, bits: bytes[p + 1], min: dv.getFloat64(p + 2, true), precision: dv.getFloat64(p + 10, true) });
      p += 18;
    }
    components.push({ kind, fields });
  }
  if (p !== bytes.length) throw new WireError(`trailing bytes after the schema at byte ${p}`);
  return { components };
}

function readValue(r, f, base) {
  if (f.bits <= 8) return r.read(f.bits);
  let z;
  if (!r.bit()) z = r.read(5);
  else if (!r.bit()) z = r.read(10);
  else return r.read(f.bits);
  const d = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  const q = base + d;
  if (q < 0 || (f.bits < 53 && q >= 2 ** f.bits)) throw r.fail(`delta leaves the field's ${f.bits}-bit range`);
  return q;
}

function readString(r) {
  const n = r.readVar();
  if (n > 1024) throw r.fail(`string of ${n} bytes`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = r.read(8);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(out);
  } catch {
    throw r.fail('string is not valid UTF-8');
  }
}

/** A field's client value from its quantized form. */
function dequantize(f, q) {
  switch (f.type) {
    case 'F32':
      if (f.precision === 0) { const dv = new DataView(new ArrayBuffer(4)); dv.setUint32(0, q); return dv.getFloat32(0); }
      return Math.fround(f.min + q * f.precision);
    case 'UINT': return f.min + q * f.precision;
    case 'OPTIONAL_ID': return q === 0 ? null : q;
    case 'BOOL': return q !== 0;
    default: return q; // ENUM: the variant index
  }
}

/** Rebuilds the v1-shaped value of a component (as `decodeComponent` returns it) from its leaves. */
function shape(t, leaves, at) {
  if (typeof t === 'string') return leaves[at.i++];
  if (t.opt) return leaves[at.i++];
  if (t.struct) {
    const o = {};
    for (const [name, ft] of t.struct) o[name] = shape(ft, leaves, at);
    return o;
  }
  if (t.enum) return { type: Object.keys(t.enum)[leaves[at.i++]] };
  if (t.newtype) return shape(t.newtype, leaves, at);
  throw new WireError('layout not representable in codec v2');
}

export class SnapshotDecoder {
  constructor(schema) {
    this.schema = schema;
    this.first = [];
    let n = 0;
    for (const c of schema.components) { this.first.push(n); n += c.fields.length; }
    this.fieldCount = n;
    this.ring = new Array(RING).fill(null);
    this.newest = { seq: 0, tick: 0, ids: [], kinds: [], masks: [], values: [] };
    this.missingBaselines = 0;
  }

  /** Decodes a SNAPSHOT; null if ignored (older, or baseline not held), else the changes. */
  decode(bytes) {
    if (bytes.length < 10 || bytes[0] !== MARK || bytes[1] !== SNAPSHOT) throw new WireError('not a v2 SNAPSHOT at byte 0');
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const seq = dv.getUint32(2, true);
    let p = 6;
    let tick = 0;
    for (let shift = 0; ; shift += 7) {
      if (p >= bytes.length || shift > 63) throw new WireError(`truncated tick at byte ${p}`);
      const b = bytes[p++];
      tick += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
    }
    if (bytes.length - p < 3) throw new WireError(`truncated header at byte ${p}`);
    const distance = bytes[p];
    const count = bytes[p + 1] | (bytes[p + 2] << 8);
    if (seq === 0 || distance > 31 || (distance > 0 && seq <= distance)) throw new WireError(`bad sequence or baseline at byte ${p}`);
    if (seq <= this.newest.seq) return null;
    let base = { ids: [], kinds: [], masks: [], values: [] };
    if (distance > 0) {
      base = this.ring[(seq - distance) % RING];
      if (!base || base.seq !== seq - distance) { this.missingBaselines++; return null; }
    }
    const out = { seq, tick, ids: [], kinds: [], masks: [], values: [] };
    const r = new Bits(bytes, p + 3);
    const copy = (i) => { out.ids.push(base.ids[i]); out.kinds.push(base.kinds[i]); out.masks.push(base.masks[i]); out.values.push(base.values[i]); };
    let b = 0;
    let id = 0;
    for (let n = 0; n < count; n++) {
      const gap = r.readVar();
      if (gap === 0) throw r.fail('entity ids must ascend');
      id += gap;
      while (b < base.ids.length && base.ids[b] < id) copy(b++);
      const inBase = b < base.ids.length && base.ids[b] === id;
      const op = r.read(2);
      if (op === 2) {
        if (!inBase) throw r.fail(`removal of entity ${id} the baseline lacks`);
        b++;
      } else if (op === 1) {
        const kind = r.readVar();
        const [mask, values] = this.readComponents(r, 0, new Array(this.fieldCount).fill(0), true);
        out.ids.push(id); out.kinds.push(kind); out.masks.push(mask); out.values.push(values);
        if (inBase) b++;
      } else if (op === 0) {
        if (!inBase) throw r.fail(`delta for entity ${id} the baseline lacks`);
        const [mask, values] = this.readComponents(r, base.masks[b], base.values[b].slice(), false);
        out.ids.push(id); out.kinds.push(base.kinds[b]); out.masks.push(mask); out.values.push(values);
        b++;
      } else {
        throw r.fail('invalid entity op 3');
      }
    }
    while (b < base.ids.length) copy(b++);
    r.end();
    this.ring[seq % RING] = out;
    const changes = this.diff(this.newest, out);
    this.newest = out;
    return changes;
  }

  readComponents(r, baseMask, values, full) {
    const comps = r.read(this.schema.components.length);
    if (!full && comps === 0) throw r.fail('delta entry without components');
    for (let c = 0; c < this.schema.components.length; c++) {
      if (!(Math.floor(comps / 2 ** c) % 2)) continue;
      const fields = this.schema.components[c].fields;
      const had = Math.floor(baseMask / 2 ** c) % 2 === 1;
      const fm = fields.length > 1 ? r.read(fields.length) : 1;
      if (!full && had && fm === 0) throw r.fail('delta component without fields');
      const first = this.first[c];
      if (!had) for (let f = 0; f < fields.length; f++) values[first + f] = fields[f].type === 'STRING' ? '' : 0;
      for (let f = 0; f < fields.length; f++) {
        if (!(Math.floor(fm / 2 ** f) % 2)) continue;
        const field = fields[f];
        values[first + f] = field.type === 'STRING' ? readString(r) : readValue(r, field, had ? values[first + f] : 0);
      }
    }
    return [full ? comps : bitOr(baseMask, comps), values];
  }

  /** What the page must apply to go from `prev` to `now`. */
  diff(prev, now) {
    const changes = { seq: now.seq, tick: now.tick, entered: [], removed: [], components: [] };
    const index = new Map(prev.ids.map((x, i) => [x, i]));
    const seen = new Set();
    for (let i = 0; i < now.ids.length; i++) {
      const id = now.ids[i];
      const j = index.get(id);
      seen.add(id);
      const fresh = j === undefined || prev.kinds[j] !== now.kinds[i];
      if (fresh) changes.entered.push({ id, kind: now.kinds[i] });
      this.schema.components.forEach((c, h) => {
        if (!(Math.floor(now.masks[i] / 2 ** h) % 2)) return;
        const first = this.first[h];
        const n = c.fields.length;
        const same = !fresh && Math.floor(prev.masks[j] / 2 ** h) % 2 === 1
          && now.values[i].slice(first, first + n).every((v, k) => v === prev.values[j][first + k]);
        if (same) return;
        const layout = COMPONENTS.get(c.kind);
        if (!layout) return;
        const leaves = c.fields.map((f, k) => (f.type === 'STRING' ? now.values[i][first + k] : dequantize(f, now.values[i][first + k])));
        changes.components.push({ id, kind: c.kind, value: shape(layout.type, leaves, { i: 0 }) });
      });
    }
    for (const id of prev.ids) if (!seen.has(id)) changes.removed.push(id);
    return changes;
  }
}

function bitOr(a, b) {
  // Masks stay below 2^53 for up to 53 components; split to keep the OR exact.
  return ((Math.floor(a / TWO32) | Math.floor(b / TWO32)) >>> 0) * TWO32 + (((a % TWO32) | (b % TWO32)) >>> 0);
}
