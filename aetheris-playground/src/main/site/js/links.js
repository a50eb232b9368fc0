// The two wires a Connection can ride, behind one small interface:
//   link.send(bytes, reliable), link.close(code, reason), link.abort(), link.kind
// with handlers { onOpen(), onMessage(bytes, reliable), onClose({ code, reason, opened }) }.
// WebTransport: reliable messages on one bidirectional stream framed as varint(length) ‖ payload
// (the QUIC variable-length integer, as the native QUIC stream), unreliable ones as datagrams.
// WebSocket: one binary frame per message, both kinds on the same ordered stream.

/** Largest reliable message accepted from the server (the server's default limit). */
export const MAX_MESSAGE = 64 * 1024;
/** Time WebTransport may take to become ready before the page falls back to WebSocket. */
const WT_READY_MS = 4000;

/**
 * Where WebTransport can be reached, or null: the dev server pins its self-signed certificate
 * through /v1/dev/cert-hash, which also names the QUIC port and the session path.
 */
export async function discoverWebTransport() {
  if (typeof WebTransport === 'undefined') return null;
  try {
    const r = await fetch('/v1/dev/cert-hash', { cache: 'no-store' });
    if (!r.ok) return null;
    const j = await r.json();
    if (!j.quic_port || !j.webtransport_path || !/^[0-9a-f]{64}$/.test(j.hash ?? '')) return null;
    return { url: `https://${location.hostname}:${j.quic_port}${j.webtransport_path}`, certHash: j.hash };
  } catch {
    return null;
  }
}

export function openWebSocket(url, h) {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  let opened = false;
  ws.onopen = () => { opened = true; h.onOpen(); };
  ws.onmessage = (m) => {
    if (m.data instanceof ArrayBuffer) h.onMessage(new Uint8Array(m.data), true);
    else h.onMessage(null, true);
  };
  ws.onclose = (e) => h.onClose({ code: e.code, reason: e.reason || '', opened });
  ws.onerror = () => {}; // always followed by close
  return {
    kind: 'websocket',
    get isOpen() { return ws.readyState === WebSocket.OPEN; },
    send(bytes) { if (ws.readyState === WebSocket.OPEN) ws.send(bytes); },
    close(code, reason) { ws.close(code, reason); },
    abort() { ws.onclose = null; ws.close(); },
  };
}

export function openWebTransport({ url, certHash }, h) {
  const hash = new Uint8Array(certHash.match(/../g).map((x) => parseInt(x, 16)));
  const wt = new WebTransport(url, { serverCertificateHashes: [{ algorithm: 'sha-256', value: hash }] });
  let opened = false;
  let done = false;
  let writer = null;
  let datagrams = null;
  const finish = (code, reason) => {
    if (done) return;
    done = true;
    h.onClose({ code, reason, opened });
  };
  const timer = setTimeout(() => { if (!opened) { finish(1006, 'WebTransport not ready in time'); wt.close(); } }, WT_READY_MS);
  wt.closed.then((i) => finish(i.closeCode ?? 1000, i.reason ?? ''), (e) => finish(1006, e?.message || 'connection lost'));
  (async () => {
    await wt.ready;
    const stream = await wt.createBidirectionalStream();
    writer = stream.writable.getWriter();
    datagrams = wt.datagrams.writable.getWriter();
    writer.write(new Uint8Array([0])); // an empty frame makes the stream exist on the server at once
    opened = true;
    clearTimeout(timer);
    if (done) return;
    h.onOpen();
    readDatagrams(wt, h).catch(() => {});
    await readFrames(stream.readable, h, () => wt.close({ closeCode: 1009, reason: 'message too big' }));
  })().catch((e) => { clearTimeout(timer); finish(1006, e?.message || String(e)); });
  return {
    kind: 'webtransport',
    get isOpen() { return opened && !done; },
    send(bytes, reliable) {
      if (!opened || done) return;
      if (reliable || bytes.length > (wt.datagrams.maxDatagramSize ?? 1200)) {
        writer.write(frame(bytes)).catch(() => {});
      } else {
        datagrams.write(bytes).catch(() => {});
      }
    },
    close(code, reason) { done = true; try { wt.close({ closeCode: code, reason }); } catch { /* already closed */ } },
    abort() { done = true; try { wt.close(); } catch { /* already closed */ } },
  };
}

async function readDatagrams(wt, h) {
  const reader = wt.datagrams.readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    h.onMessage(value, false);
  }
}

/** Splits the reliable stream into varint-length-prefixed messages; empty ones are no-ops. */
async function readFrames(readable, h, onOversize) {
  const reader = readable.getReader();
  let buf = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf = buf.length ? concat(buf, value) : value;
    let at = 0;
    for (;;) {
      const v = readVarint(buf, at);
      if (!v) break;
      if (v.value > MAX_MESSAGE) { onOversize(); return; }
      if (buf.length - v.next < v.value) break;
      if (v.value > 0) h.onMessage(buf.subarray(v.next, v.next + v.value), true);
      at = v.next + v.value;
    }
    buf = buf.subarray(at);
  }
}

/** QUIC varint (RFC 9000 §16) at `at`, or null when incomplete. Values here stay below 2^53. */
export function readVarint(b, at) {
  if (at >= b.length) return null;
  const len = 1 << (b[at] >> 6);
  if (b.length - at < len) return null;
  let v = b[at] & 0x3f;
  for (let i = 1; i < len; i++) v = v * 256 + b[at + i];
  return { value: v, next: at + len };
}

/** `varint(length) ‖ bytes`, the shortest varint. */
export function frame(bytes) {
  const n = bytes.length;
  const head = n < 64 ? [n] : n < 16384 ? [0x40 | (n >> 8), n & 0xff] : [0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head, 0);
  out.set(bytes, head.length);
  return out;
}

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
