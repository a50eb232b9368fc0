// One connection to the server: Auth, StartSession, ping, inputs out; decoded frames in. It prefers
// WebTransport (state as datagrams, no head-of-line blocking) and falls back to WebSocket when
// WebTransport is unavailable or fails before it is ready; `transport` says which one is in use.
// Losing the connection reconnects with exponential back-off; a session the server ended on
// purpose (revoked, replaced, rejected) stops and says why instead of looping.
import { openWebSocket, openWebTransport } from './links.js';
import { WireError } from './msgpack.js';
import { decodeFrame, encodeEvent, Reassembler } from './wire.js';
import { decodeSchema, HELLO_BYTES, isCompact, SCHEMA, SNAPSHOT, SnapshotDecoder, withAck } from './compact.js';

/** Bare acks go out at most this often when no input carried one (baselines stay within 31 snapshots). */
const ACK_EVERY_MS = 50;

/** Close codes after which reconnecting would just be refused again. */
const TERMINAL_CODES = new Set([1000, 1008, 4000, 4001, 4003, 4004, 4009]);
const TERMINAL_WORDS = /revoked|replaced|expired|invalid|unauthori|forbidden|logged out|not authenticated/i;

export class Connection {
  /**
   * @param {object} o
   * @param {string} o.url          ws:// URL of the game endpoint
   * @param {Promise<{url: string, certHash: string}|null>} [o.webTransport] where WebTransport is, if anywhere
   * @param {string} o.token        session token sent in Auth
   * @param {(f: object) => void} o.onFrame    each decoded server frame
   * @param {(s: string, detail?: string) => void} o.onState
   *        'connecting' | 'online' | 'reconnecting' | 'closed'
   * @param {'v1'|'v2'} [o.codec] v2 (compact snapshots, docs/protocol/v2.md) unless v1 is asked for
   */
  constructor({ url, webTransport, token, onFrame, onState, codec = 'v2' }) {
    this.codec = codec;
    this.snapshots = null;
    this.ack = 0;
    this.lastAckAt = 0;
    this.url = url;
    this.webTransport = webTransport ?? Promise.resolve(null);
    /** 'webtransport' | 'websocket' | '' (not connected yet) */
    this.transport = '';
    /** Why WebTransport was given up for this page, if it was. */
    this.webTransportError = '';
    this.token = token;
    this.onFrame = onFrame;
    this.onState = onState;
    this.link = null;
    this.attempt = 0;
    this.stopped = false;
    this.timer = 0;
    this.pingTimer = 0;
    this.lastRx = 0;
    this.rtt = NaN;
    this.rxBytes = 0;
    this.rxFrames = 0;
    /** Messages that came as datagrams (WebTransport only). */
    this.rxDatagrams = 0;
    /** 'stream' or 'datagram': what carried the newest Possession (tests check it is the stream). */
    this.possessionChannel = '';
    this.badFrames = 0;
    this.reassembler = new Reassembler();
  }

  start() {
    this.stopped = false;
    this.open();
  }

  /** Closes for good (logout, page leaving). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pingTimer);
    if (this.link) this.link.close(1000, 'bye');
    this.link = null;
  }

  async open() {
    this.onState(this.attempt === 0 ? 'connecting' : 'reconnecting', this.attempt ? `attempt ${this.attempt + 1}` : '');
    const wt = this.webTransportError ? null : await this.webTransport;
    if (this.stopped) return;
    let gotAnything = false;
    const handlers = {
      onOpen: () => {
        this.transport = link.kind;
        this.snapshots = null; // the server sends the schema again on every connection
        this.ack = 0;
        if (this.codec === 'v2') link.send(HELLO_BYTES, true);
        this.sendEvent({ type: 'Auth', session_token: this.token });
        this.sendEvent({ type: 'StartSession' });
        this.lastRx = performance.now();
        clearInterval(this.pingTimer);
        this.pingTimer = setInterval(() => this.heartbeat(), 1000);
      },
      onMessage: (bytes, reliable) => {
        if (!bytes) { this.badFrames++; return; }
        if (!reliable) this.rxDatagrams++;
        this.rxBytes += bytes.length;
        this.rxFrames++;
        this.lastRx = performance.now();
        if (!gotAnything) {
          gotAnything = true;
          this.attempt = 0;
          this.onState('online');
        }
        this.handle(bytes, reliable);
      },
      onClose: (e) => {
        clearInterval(this.pingTimer);
        if (this.link !== link || this.stopped) return;
        this.link = null;
        const reason = e.reason || '';
        if (link.kind === 'webtransport' && !e.opened) {
          // Never became ready (no QUIC path, certificate refused, …): WebSocket from now on.
          this.webTransportError = reason || `code ${e.code}`;
          this.open();
          return;
        }
        if (TERMINAL_CODES.has(e.code) && (reason || e.code !== 1000) || TERMINAL_WORDS.test(reason)) {
          this.stopped = true;
          this.onState('closed', reason || `the server closed the session (code ${e.code})`);
          return;
        }
        this.scheduleReconnect(reason || (e.code === 1006 ? 'connection lost' : `closed (code ${e.code})`));
      },
    };
    const link = wt ? openWebTransport(wt, handlers) : openWebSocket(this.url, handlers);
    this.link = link;
  }

  scheduleReconnect(why) {
    this.attempt++;
    // 0.5 s, 0.75 s, 1.1 s … capped at 10 s, with ±20 % jitter so a restarted server is not stampeded.
    const base = Math.min(10_000, 500 * 1.5 ** (this.attempt - 1));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.onState('reconnecting', `${why}; retrying in ${(delay / 1000).toFixed(1)} s`);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { if (!this.stopped) this.open(); }, delay);
  }

  heartbeat() {
    const now = performance.now();
    // A half-open TCP connection never reports close: treat 6 s of silence as lost.
    if (now - this.lastRx > 6000 && this.link) {
      const link = this.link;
      this.link = null;
      link.abort();
      clearInterval(this.pingTimer);
      this.scheduleReconnect('no data for 6 s');
      return;
    }
    this.sendEvent({ type: 'Ping', tick: Math.floor(now) });
  }

  handle(bytes, reliable) {
    if (isCompact(bytes)) {
      this.handleCompact(bytes);
      return;
    }
    let f;
    try {
      f = decodeFrame(bytes);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.badFrames++;
      return;
    }
    if (f.type === 'Fragment') {
      const whole = this.reassembler.add(f.fragment, performance.now());
      if (whole) this.handle(whole, reliable);
      return;
    }
    if (f.type === 'Pong') {
      const now = Math.floor(performance.now());
      if (typeof f.tick === 'number' && f.tick <= now) this.rtt = now - f.tick;
      return;
    }
    if (f.type === 'GameEvent' && f.event?.type === 'Possession') this.possessionChannel = reliable ? 'stream' : 'datagram';
    this.onFrame(f);
  }

  /** Codec v2 from the server: the schema once per connection, then snapshots. */
  handleCompact(bytes) {
    try {
      if (bytes[1] === SCHEMA) {
        this.snapshots = new SnapshotDecoder(decodeSchema(bytes));
      } else if (bytes[1] === SNAPSHOT && this.snapshots) {
        const changes = this.snapshots.decode(bytes);
        if (!changes) return;
        this.ack = changes.seq;
        if (performance.now() - this.lastAckAt > ACK_EVERY_MS) this.sendBytes(new Uint8Array(0));
        this.onFrame({ type: 'Snapshot', ...changes });
      } else if (bytes[1] !== SNAPSHOT) {
        this.badFrames++;
      }
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.badFrames++;
    }
  }

  get isOpen() {
    return this.link !== null && this.link.isOpen;
  }

  /** Events are reliable (the stream); inputs go unreliable (datagrams over WebTransport). */
  sendEvent(ev) {
    // Auth must stay a bare v1 message: the server accepts nothing else before it.
    this.sendBytes(encodeEvent(ev), true, ev.type !== 'Auth');
  }

  /**
   * Sends a v1 message on the reliable or unreliable channel; with v2 behind an INPUT header
   * acking the newest snapshot (empty = bare ack).
   */
  sendBytes(bytes, reliable = false, ack = true) {
    if (!this.isOpen) return;
    if (this.codec === 'v2' && ack) {
      this.link.send(withAck(this.ack, bytes), reliable);
      this.lastAckAt = performance.now();
    } else if (bytes.length > 0) {
      this.link.send(bytes, reliable);
    }
  }
}
