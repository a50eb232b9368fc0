// Keyboard → InputCommand. Inputs go out as a ReplicationBatch carrying the last three commands
// (kind 128 records), so one lost frame loses nothing; the server applies each tick once.
import { ACTION_FIRE_WEAPON, encodeEvent, encodeInputCommand, EntityKind, Kind } from './wire.js';

const KEYS = {
  up: ['KeyW', 'ArrowUp'], down: ['KeyS', 'ArrowDown'], left: ['KeyA', 'ArrowLeft'], right: ['KeyD', 'ArrowRight'],
  fire: ['Space'],
};
const RESEND_IDLE_MS = 100; // ≥ 10 Hz while nothing changes
const ACTIVE_MS = 1000 / 60; // 60 Hz while keys are held

export class InputSender {
  constructor(world, conn, log) {
    this.world = world;
    this.conn = conn;
    this.log = log;
    this.down = new Set();
    this.tick = 0; // client input tick: monotonic for the page's life, also across reconnects
    this.recent = [];
    this.pendingToggle = null;
    this.lastSent = 0;
    this.lastKey = '';
    this.sent = 0;
  }

  attach(target) {
    target.addEventListener('keydown', (e) => {
      if (isTyping(e)) return;
      if (e.code === 'KeyF') {
        if (!e.repeat) this.toggleMining();
        e.preventDefault();
        return;
      }
      if (Object.values(KEYS).some((k) => k.includes(e.code))) {
        this.down.add(e.code);
        e.preventDefault();
      }
    });
    target.addEventListener('keyup', (e) => {
      this.down.delete(e.code);
    });
    window.addEventListener('blur', () => this.down.clear());
  }

  held(name) {
    return KEYS[name].some((k) => this.down.has(k));
  }

  toggleMining() {
    const ship = this.world.entities.get(this.world.shipId);
    if (!ship || ship.count === 0) return;
    const rock = this.world.nearest(EntityKind.ASTEROID, ship.xs[ship.head], ship.ys[ship.head]);
    if (!rock) {
      this.log('no asteroid in sight to mine');
      return;
    }
    this.pendingToggle = rock.id;
    this.log(`mining beam → asteroid #${rock.id}`);
  }

  /** Called every animation frame; sends when due. */
  pump(now) {
    const shipId = this.world.shipId;
    if (!shipId || !this.conn.isOpen) return;
    const x = (this.held('right') ? 1 : 0) - (this.held('left') ? 1 : 0);
    const y = (this.held('up') ? 1 : 0) - (this.held('down') ? 1 : 0);
    const fire = this.held('fire');
    const key = `${x},${y},${fire}`;
    const changed = key !== this.lastKey || this.pendingToggle !== null;
    const active = x !== 0 || y !== 0 || fire;
    const due = now - this.lastSent >= (active ? ACTIVE_MS - 1 : RESEND_IDLE_MS);
    if (!changed && !due) return;

    const actions = [{ type: 'Move', x, y }];
    if (fire) actions.push({ type: 'FirePrimary' });
    if (this.pendingToggle !== null) {
      actions.push({ type: 'ToggleMining', target: this.pendingToggle });
      this.pendingToggle = null;
    }
    this.tick++;
    const payload = encodeInputCommand({ tick: this.tick, actions, actions_mask: fire ? ACTION_FIRE_WEAPON : 0, last_seen_input_tick: null });
    this.recent.push({ network_id: shipId, component_kind: Kind.INPUT_COMMAND, payload, tick: this.tick });
    if (this.recent.length > 3) this.recent.shift();
    // After a respawn the ship id changes: resend only commands addressed to the current ship.
    const events = this.recent.filter((r) => r.network_id === shipId);
    this.conn.sendBytes(encodeEvent({ type: 'ReplicationBatch', events }));
    this.lastSent = now;
    this.lastKey = key;
    this.sent++;
  }
}

function isTyping(e) {
  const t = e.target;
  return t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
}
