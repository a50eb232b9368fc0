// MessagePack primitives in the exact forms rmp-serde writes (smallest unsigned ints, f32 always
// as `ca`, strings as str, byte fields as bin). Readers are strict: a wrong marker, an out-of-range
// integer or a truncated value throws a WireError, never returns garbage.

/** Malformed or unexpected bytes; `offset` is where reading stopped. */
export class WireError extends Error {
  constructor(message, offset = -1) {
    super(offset >= 0 ? `${message} (at byte ${offset})` : message);
    this.name = 'WireError';
    this.offset = offset;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const U64_MAX = (1n << 64n) - 1n;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** A growable output buffer; `bytes()` returns a copy of what was written. */
export class Writer {
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
    this.len = 0;
  }

  reset() {
    this.len = 0;
    return this;
  }

  ensure(n) {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b) {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  raw(bytes) {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Unsigned integer (Number or BigInt) in its smallest form, as rmp does for u8..u64. */
  uint(v) {
    if (typeof v === 'bigint') {
      if (v < 0n || v > U64_MAX) throw new WireError(`u64 out of range: ${v}`);
      if (v <= MAX_SAFE) return this.uint(Number(v));
      this.ensure(9);
      this.buf[this.len] = 0xcf;
      this.view.setBigUint64(this.len + 1, v);
      this.len += 9;
      return;
    }
    if (!Number.isInteger(v) || v < 0) throw new WireError(`not an unsigned integer: ${v}`);
    if (v < 0x80) {
      this.byte(v);
    } else if (v <= 0xff) {
      this.ensure(2);
      this.buf[this.len] = 0xcc;
      this.buf[this.len + 1] = v;
      this.len += 2;
    } else if (v <= 0xffff) {
      this.ensure(3);
      this.buf[this.len] = 0xcd;
      this.view.setUint16(this.len + 1, v);
      this.len += 3;
    } else if (v <= 0xffffffff) {
      this.ensure(5);
      this.buf[this.len] = 0xce;
      this.view.setUint32(this.len + 1, v);
      this.len += 5;
    } else if (v <= Number.MAX_SAFE_INTEGER) {
      this.ensure(9);
      this.buf[this.len] = 0xcf;
      this.view.setBigUint64(this.len + 1, BigInt(v));
      this.len += 9;
    } else {
      throw new WireError(`integer beyond 2^53 must be a BigInt: ${v}`);
    }
  }

  f32(v) {
    this.ensure(5);
    this.buf[this.len] = 0xca;
    this.view.setFloat32(this.len + 1, v);
    this.len += 5;
  }

  bool(v) {
    this.byte(v ? 0xc3 : 0xc2);
  }

  nil() {
    this.byte(0xc0);
  }

  str(s) {
    const b = utf8Encoder.encode(s);
    const n = b.length;
    if (n < 32) this.byte(0xa0 | n);
    else if (n <= 0xff) { this.byte(0xd9); this.byte(n); }
    else if (n <= 0xffff) { this.byte(0xda); this.ensure(2); this.view.setUint16(this.len, n); this.len += 2; }
    else { this.byte(0xdb); this.ensure(4); this.view.setUint32(this.len, n); this.len += 4; }
    this.raw(b);
  }

  bin(b) {
    const n = b.length;
    if (n <= 0xff) { this.byte(0xc4); this.byte(n); }
    else if (n <= 0xffff) { this.byte(0xc5); this.ensure(2); this.view.setUint16(this.len, n); this.len += 2; }
    else { this.byte(0xc6); this.ensure(4); this.view.setUint32(this.len, n); this.len += 4; }
    this.raw(b);
  }

  array(n) {
    if (n < 16) this.byte(0x90 | n);
    else if (n <= 0xffff) { this.byte(0xdc); this.ensure(2); this.view.setUint16(this.len, n); this.len += 2; }
    else { this.byte(0xdd); this.ensure(4); this.view.setUint32(this.len, n); this.len += 4; }
  }

  map(n) {
    if (n < 16) this.byte(0x80 | n);
    else if (n <= 0xffff) { this.byte(0xde); this.ensure(2); this.view.setUint16(this.len, n); this.len += 2; }
    else { this.byte(0xdf); this.ensure(4); this.view.setUint32(this.len, n); this.len += 4; }
  }

  bytes() {
    return this.buf.slice(0, this.len);
  }
}

/** Reads one message from a byte array; every method consumes exactly one value or throws. */
export class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = 0;
  }

  need(n) {
    if (this.pos + n > this.b.length) throw new WireError(`truncated: needs ${n} more byte(s)`, this.pos);
  }

  peek() {
    this.need(1);
    return this.b[this.pos];
  }

  take() {
    this.need(1);
    return this.b[this.pos++];
  }

  /** An unsigned integer of at most `bits` bits: a Number, or a BigInt beyond 2^53. */
  uint(bits = 64) {
    const at = this.pos;
    const m = this.take();
    let v;
    if (m < 0x80) v = m;
    else if (m === 0xcc) { this.need(1); v = this.b[this.pos]; this.pos += 1; }
    else if (m === 0xcd) { this.need(2); v = this.v.getUint16(this.pos); this.pos += 2; }
    else if (m === 0xce) { this.need(4); v = this.v.getUint32(this.pos); this.pos += 4; }
    else if (m === 0xcf) {
      this.need(8);
      const big = this.v.getBigUint64(this.pos);
      this.pos += 8;
      v = big <= MAX_SAFE ? Number(big) : big;
    } else throw new WireError(`expected an unsigned integer, found marker 0x${hex2(m)}`, at);
    const fits = typeof v === 'bigint' ? bits === 64 : bits >= 53 || v < 2 ** bits;
    if (!fits) throw new WireError(`integer ${v} does not fit in u${bits}`, at);
    return v;
  }

  /** An f32; an f64 is accepted and narrowed (rmp-serde accepts it too). */
  f32() {
    const at = this.pos;
    const m = this.take();
    if (m === 0xca) { this.need(4); const x = this.v.getFloat32(this.pos); this.pos += 4; return x; }
    if (m === 0xcb) { this.need(8); const x = Math.fround(this.v.getFloat64(this.pos)); this.pos += 8; return x; }
    throw new WireError(`expected a float, found marker 0x${hex2(m)}`, at);
  }

  bool() {
    const at = this.pos;
    const m = this.take();
    if (m === 0xc2) return false;
    if (m === 0xc3) return true;
    throw new WireError(`expected a bool, found marker 0x${hex2(m)}`, at);
  }

  isNil() {
    return this.peek() === 0xc0;
  }

  nil() {
    const at = this.pos;
    if (this.take() !== 0xc0) throw new WireError('expected nil', at);
  }

  isStr() {
    const m = this.peek();
    return (m & 0xe0) === 0xa0 || m === 0xd9 || m === 0xda || m === 0xdb;
  }

  str() {
    const at = this.pos;
    const m = this.take();
    let n;
    if ((m & 0xe0) === 0xa0) n = m & 0x1f;
    else if (m === 0xd9) { this.need(1); n = this.b[this.pos]; this.pos += 1; }
    else if (m === 0xda) { this.need(2); n = this.v.getUint16(this.pos); this.pos += 2; }
    else if (m === 0xdb) { this.need(4); n = this.v.getUint32(this.pos); this.pos += 4; }
    else throw new WireError(`expected a string, found marker 0x${hex2(m)}`, at);
    this.need(n);
    let s;
    try {
      s = utf8Decoder.decode(this.b.subarray(this.pos, this.pos + n));
    } catch {
      throw new WireError('string is not valid UTF-8', at);
    }
    this.pos += n;
    return s;
  }

  /** Binary data as a view into the input (no copy). */
  bin() {
    const at = this.pos;
    const m = this.take();
    let n;
    if (m === 0xc4) { this.need(1); n = this.b[this.pos]; this.pos += 1; }
    else if (m === 0xc5) { this.need(2); n = this.v.getUint16(this.pos); this.pos += 2; }
    else if (m === 0xc6) { this.need(4); n = this.v.getUint32(this.pos); this.pos += 4; }
    else throw new WireError(`expected binary data, found marker 0x${hex2(m)}`, at);
    this.need(n);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  isArray() {
    const m = this.peek();
    return (m & 0xf0) === 0x90 || m === 0xdc || m === 0xdd;
  }

  array() {
    const at = this.pos;
    const m = this.take();
    let n;
    if ((m & 0xf0) === 0x90) n = m & 0x0f;
    else if (m === 0xdc) { this.need(2); n = this.v.getUint16(this.pos); this.pos += 2; }
    else if (m === 0xdd) { this.need(4); n = this.v.getUint32(this.pos); this.pos += 4; }
    else throw new WireError(`expected an array, found marker 0x${hex2(m)}`, at);
    // Each element takes at least one byte: a length beyond the input is a lie, not a big array.
    if (n > this.b.length - this.pos) throw new WireError(`array of ${n} cannot fit in the input`, at);
    return n;
  }

  isMap() {
    const m = this.peek();
    return (m & 0xf0) === 0x80 || m === 0xde || m === 0xdf;
  }

  map() {
    const at = this.pos;
    const m = this.take();
    let n;
    if ((m & 0xf0) === 0x80) n = m & 0x0f;
    else if (m === 0xde) { this.need(2); n = this.v.getUint16(this.pos); this.pos += 2; }
    else if (m === 0xdf) { this.need(4); n = this.v.getUint32(this.pos); this.pos += 4; }
    else throw new WireError(`expected a map, found marker 0x${hex2(m)}`, at);
    if (n * 2 > this.b.length - this.pos) throw new WireError(`map of ${n} cannot fit in the input`, at);
    return n;
  }

  remaining() {
    return this.b.length - this.pos;
  }

  /** Rejects trailing bytes (rmp-serde ignores them; the project's codecs do not). */
  end() {
    if (this.pos !== this.b.length) throw new WireError(`${this.b.length - this.pos} trailing byte(s)`, this.pos);
  }
}

function hex2(b) {
  return b.toString(16).padStart(2, '0');
}

/** "81 a4 ..." → bytes (whitespace ignored). */
export function fromHex(s) {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${s}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/** bytes → "81 a4 ..." */
export function toHex(bytes) {
  return Array.from(bytes, hex2).join(' ');
}
