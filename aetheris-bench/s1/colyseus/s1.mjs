// Scenario S1, shared by the Colyseus room and load generator: the seeded PRNG, the constants
// and the per-tick rules. Kept free of Colyseus imports so it can be checked on its own
// (`node colyseus/s1.mjs --trace TICKS CLIENTS` prints a deterministic trace).

export const BOX = 1000;
export const TICK_HZ = 60;
export const DT = 1 / TICK_HZ;
export const NPC_COUNT = 200;
export const NPC_SPEED = 100;
export const SHIP_THRUST = 300;
export const SHIP_DRAG = 2;
export const SHIP_HP = 100;
export const INPUT_HZ = 60;
export const INPUT_CHANGE_MS = 500;
const TWO_PI = 2 * Math.PI;

/** mulberry32: 32-bit state, returns floats in [0, 1). */
export function mulberry32(seed) {
  let s = seed | 0;
  return function next() {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function wrapAngle(a) {
  a %= TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}

/** Struct-of-arrays world: NPCs in [0, NPC_COUNT), ships in their own arrays, by join slot. */
export class S1World {
  constructor(maxShips = 4096) {
    this.npcX = new Float64Array(NPC_COUNT);
    this.npcY = new Float64Array(NPC_COUNT);
    this.npcA = new Float64Array(NPC_COUNT);
    const r = mulberry32(1);
    for (let i = 0; i < NPC_COUNT; i++) {
      this.npcX[i] = r() * BOX;
      this.npcY[i] = r() * BOX;
      this.npcA[i] = r() * TWO_PI;
    }
    this.shipX = new Float64Array(maxShips);
    this.shipY = new Float64Array(maxShips);
    this.shipA = new Float64Array(maxShips);
    this.shipVx = new Float64Array(maxShips);
    this.shipVy = new Float64Array(maxShips);
    this.shipThrust = new Float64Array(maxShips);
    this.shipTurn = new Float64Array(maxShips);
    this.shipLive = new Uint8Array(maxShips);
    this.joins = 0;
    this.tick = 0;
  }

  /** Adds the k-th joining ship (k counts joins from 0, seed 1000 + k); returns its slot. */
  addShip() {
    const k = this.joins++;
    if (k >= this.shipX.length) throw new Error(`S1World holds at most ${this.shipX.length} ships`);
    const r = mulberry32(1000 + k);
    this.shipX[k] = r() * BOX;
    this.shipY[k] = r() * BOX;
    this.shipA[k] = r() * TWO_PI;
    this.shipVx[k] = 0;
    this.shipVy[k] = 0;
    this.shipThrust[k] = 0;
    this.shipTurn[k] = 0;
    this.shipLive[k] = 1;
    return k;
  }

  removeShip(k) { this.shipLive[k] = 0; }

  /** Latest input wins; values outside [-1, 1] are clamped, non-numbers ignored. */
  setInput(k, thrust, turn) {
    if (typeof thrust !== 'number' || typeof turn !== 'number' || thrust !== thrust || turn !== turn) return false;
    this.shipThrust[k] = thrust < -1 ? -1 : thrust > 1 ? 1 : thrust;
    this.shipTurn[k] = turn < -1 ? -1 : turn > 1 ? 1 : turn;
    return true;
  }

  step() {
    const nx = this.npcX, ny = this.npcY, na = this.npcA;
    const d = NPC_SPEED * DT;
    for (let i = 0; i < NPC_COUNT; i++) {
      let a = na[i];
      let x = nx[i] + Math.cos(a) * d;
      let y = ny[i] + Math.sin(a) * d;
      let bounced = false;
      if (x < 0) { x = -x; a = Math.PI - a; bounced = true; }
      else if (x > BOX) { x = 2 * BOX - x; a = Math.PI - a; bounced = true; }
      if (y < 0) { y = -y; a = -a; bounced = true; }
      else if (y > BOX) { y = 2 * BOX - y; a = -a; bounced = true; }
      nx[i] = x; ny[i] = y;
      if (bounced) na[i] = wrapAngle(a);
    }
    const sx = this.shipX, sy = this.shipY, sa = this.shipA, svx = this.shipVx, svy = this.shipVy;
    for (let k = 0, n = this.joins; k < n; k++) {
      if (this.shipLive[k] === 0) continue;
      const a = wrapAngle(sa[k] + this.shipTurn[k] * Math.PI * DT);
      sa[k] = a;
      const acc = this.shipThrust[k] * SHIP_THRUST * DT;
      let vx = svx[k] + Math.cos(a) * acc;
      let vy = svy[k] + Math.sin(a) * acc;
      vx -= vx * SHIP_DRAG * DT;
      vy -= vy * SHIP_DRAG * DT;
      let x = sx[k] + vx * DT;
      let y = sy[k] + vy * DT;
      if (x < 0) { x = 0; vx = 0; } else if (x > BOX) { x = BOX; vx = 0; }
      if (y < 0) { y = 0; vy = 0; } else if (y > BOX) { y = BOX; vy = 0; }
      sx[k] = x; sy[k] = y; svx[k] = vx; svy[k] = vy;
    }
    this.tick++;
  }
}

/**
 * Client i's S1 input stream: seed 5000 + i draws thrust, turn, then a phase in [0, 500) ms;
 * fresh thrust and turn (in that order) every 500 ms after the phase.
 */
export class S1InputStream {
  constructor(i) {
    this.r = mulberry32(5000 + i);
    this.thrust = this.r() * 2 - 1;
    this.turn = this.r() * 2 - 1;
    this.nextChangeMs = this.r() * INPUT_CHANGE_MS;
  }

  /** Advances to elapsed milliseconds since the client's start. */
  at(elapsedMs) {
    while (elapsedMs >= this.nextChangeMs) {
      this.thrust = this.r() * 2 - 1;
      this.turn = this.r() * 2 - 1;
      this.nextChangeMs += INPUT_CHANGE_MS;
    }
    return this;
  }
}

// Trace mode: a fixed script (client i joins at tick 0 and its input changes as its stream
// says, with elapsed time = tick * 1000/60 ms) so another implementation can compare figures.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href && process.argv[2] === '--trace') {
  const ticks = Number(process.argv[3] ?? 600);
  const clients = Number(process.argv[4] ?? 3);
  const w = new S1World(clients);
  const streams = [];
  for (let i = 0; i < clients; i++) { w.addShip(); streams.push(new S1InputStream(i)); }
  for (let t = 0; t < ticks; t++) {
    for (let i = 0; i < clients; i++) {
      const s = streams[i].at(t * 1000 / INPUT_HZ);
      w.setInput(i, s.thrust, s.turn);
    }
    w.step();
  }
  const out = { ticks, npc: [], ship: [] };
  for (const i of [0, 1, 199]) out.npc.push([i, w.npcX[i], w.npcY[i], w.npcA[i]]);
  for (let k = 0; k < clients; k++) out.ship.push([k, w.shipX[k], w.shipY[k], w.shipA[k], w.shipVx[k], w.shipVy[k]]);
  console.log(JSON.stringify(out));
}
