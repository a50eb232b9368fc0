// The S1 room on Colyseus 0.18: one room, 200 NPCs and one ship per client, simulated at a
// fixed 60 Hz by the framework's fixed-timestep loop; the state is patched to every client on
// every tick (S1-60) or every third tick (S1-20). The simulation runs on typed arrays
// (colyseus/s1.mjs) and is copied into the Schema state only on ticks that send, which is the
// cheapest honest way to drive Colyseus' change tracking.
import { Room } from '@colyseus/core';
import { schema, t } from '@colyseus/schema';
import { S1World, NPC_COUNT, SHIP_HP, TICK_HZ } from './s1.mjs';

// float32 on the wire (Colyseus' compact float), as a performance-minded Colyseus user would
// declare positions; `number` would cost up to 9 bytes per field.
export const Npc = schema({ x: t.float32(), y: t.float32(), angle: t.float32() }, 'Npc');
export const Ship = schema({
  x: t.float32(), y: t.float32(), angle: t.float32(), vx: t.float32(), vy: t.float32(), hp: t.uint8(),
}, 'Ship');
export const S1State = schema({ npcs: t.map(Npc), ships: t.map(Ship) }, 'S1State');

/** Tick statistics over a window the driver opens with a reset. */
export class TickStats {
  constructor(capacity = 1 << 16) {
    this.durations = new Float64Array(capacity);
    this.reset();
  }

  reset() {
    this.n = 0;
    this.ticks = 0;
    this.patches = 0;
    this.inputs = 0;
    this.badInputs = 0;
    this.startMs = performance.now();
  }

  recordTick(ms, sent) {
    this.ticks++;
    if (sent) this.patches++;
    // A full buffer keeps its first samples: windows are short enough (30 s at 60 Hz = 1800).
    if (this.n < this.durations.length) this.durations[this.n++] = ms;
  }

  snapshot(room) {
    const wall = (performance.now() - this.startMs) / 1000;
    const sorted = this.durations.slice(0, this.n).sort();
    const q = (p) => (this.n === 0 ? null : sorted[Math.min(this.n - 1, Math.floor(p * this.n))]);
    return {
      window_s: wall,
      ticks: this.ticks,
      sim_hz: wall > 0 ? this.ticks / wall : 0,
      state_hz: wall > 0 ? this.patches / wall : 0,
      tick_ms: { p50: q(0.5), p99: q(0.99), max: this.n === 0 ? null : sorted[this.n - 1] },
      inputs_per_s: wall > 0 ? this.inputs / wall : 0,
      bad_inputs: this.badInputs,
      clients: room ? room.clients.length : 0,
      entities: room ? room.state.npcs.size + room.state.ships.size : 0,
    };
  }
}

export const stats = new TickStats();
export const rooms = { current: null };

export class S1Room extends Room {
  maxClients = 10000;

  onCreate(options) {
    const stateRate = Number(options?.stateRate ?? 60);
    if (stateRate !== 60 && stateRate !== 20) throw new Error(`stateRate must be 60 or 20, got ${options?.stateRate}`);
    this.sendEvery = TICK_HZ / stateRate;
    this.world = new S1World();
    this.slotBySession = new Map();
    this.shipBySlot = [];
    this.npcs = [];

    const state = new S1State();
    for (let i = 0; i < NPC_COUNT; i++) {
      const npc = new Npc();
      this.npcs.push(npc);
      state.npcs.set(`n${i}`, npc);
    }
    this.state = state;
    this.copyToState();

    this.autoDispose = false;

    this.onMessage('input', (client, msg) => {
      const slot = this.slotBySession.get(client.sessionId);
      if (slot === undefined || msg === null || typeof msg !== 'object' || !this.world.setInput(slot, msg.thrust, msg.turn)) {
        stats.badInputs++;
        return;
      }
      stats.inputs++;
    });

    this.setFixedTimestep(() => {
      const t0 = performance.now();
      this.world.step();
      const send = this.world.tick % this.sendEvery === 0;
      if (send) {
        this.copyToState();
        this.broadcastPatch();
      }
      stats.recordTick(performance.now() - t0, send);
    }, TICK_HZ);
    // The tick decides when state is sent, not a second timer. Set after the timestep: with no
    // simulation interval yet, a null patch rate starts a clock-ticking timer of its own, which
    // would halve the deltas the fixed-step accumulator sees.
    this.patchRate = null;
    rooms.current = this;
  }

  onJoin(client) {
    const slot = this.world.addShip();
    const ship = new Ship();
    ship.hp = SHIP_HP;
    this.shipBySlot[slot] = ship;
    this.slotBySession.set(client.sessionId, slot);
    this.copyShip(slot, ship);
    this.state.ships.set(client.sessionId, ship);
  }

  onLeave(client) {
    const slot = this.slotBySession.get(client.sessionId);
    if (slot === undefined) return;
    this.slotBySession.delete(client.sessionId);
    this.world.removeShip(slot);
    this.shipBySlot[slot] = undefined;
    this.state.ships.delete(client.sessionId);
  }

  copyToState() {
    const w = this.world;
    for (let i = 0; i < NPC_COUNT; i++) {
      const npc = this.npcs[i];
      npc.x = w.npcX[i];
      npc.y = w.npcY[i];
      npc.angle = w.npcA[i];
    }
    for (let k = 0, n = w.joins; k < n; k++) {
      const ship = this.shipBySlot[k];
      if (ship !== undefined) this.copyShip(k, ship);
    }
  }

  copyShip(k, ship) {
    const w = this.world;
    ship.x = w.shipX[k];
    ship.y = w.shipY[k];
    ship.angle = w.shipA[k];
    ship.vx = w.shipVx[k];
    ship.vy = w.shipVy[k];
  }
}
