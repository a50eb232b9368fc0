// The page's state mirror: interpolation between server ticks (no jump on a lost update), late and
// stale updates, wrap edges, and how server frames change the entity set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeComponent, Kind } from '../../main/site/js/wire.js';
import { Entity, INTERP_DELAY_MS, World } from '../../main/site/js/world.js';

const TICK_MS = 1000 / 60;
const transform = (x, y, rotation = 0, entity_type = 1) => encodeComponent(Kind.TRANSFORM, { x, y, z: 0, rotation, entity_type });
const batch = (...records) => ({ type: 'ReplicationBatch', events: records.map(([network_id, component_kind, payload, tick]) => ({ network_id, component_kind, payload, tick })) });

test('a lost update is bridged by interpolating between its neighbours', () => {
  const e = new Entity(1);
  e.push(10, 0, 0, 0);
  e.push(12, 20, -10, 1); // tick 11 never arrived
  assert.ok(e.sample(11, TICK_MS, null));
  assert.deepEqual([e.x, e.y], [10, -5]);
  assert.ok(Math.abs(e.rot - 0.5) < 1e-6);
  e.sample(11.5, TICK_MS, null);
  assert.deepEqual([e.x, e.y], [15, -7.5]);
});

test('past the newest state the entity coasts on its velocity for at most 250 ms, then holds', () => {
  const e = new Entity(1);
  e.push(60, 100, 0, 0);
  e.vx = 10; // units per second
  e.sample(60 + 6, TICK_MS, null); // 100 ms ahead
  assert.ok(Math.abs(e.x - 101) < 1e-9, `x=${e.x}`);
  e.sample(60 + 600, TICK_MS, null); // 10 s ahead: capped
  assert.ok(Math.abs(e.x - 102.5) < 1e-9, `x=${e.x}`);
});

test('an update older than the newest one is ignored; a same-tick one replaces it', () => {
  const e = new Entity(1);
  e.push(20, 5, 5, 0);
  e.push(18, 99, 99, 0);
  assert.equal(e.count, 1);
  e.push(20, 6, 6, 0);
  e.sample(20, TICK_MS, null);
  assert.deepEqual([e.x, e.y, e.count], [6, 6, 1]);
});

test('crossing a wrapping room edge snaps instead of sweeping across the room', () => {
  const bounds = { min_x: -500, min_y: -500, max_x: 500, max_y: 500 };
  const e = new Entity(1);
  e.push(1, 499, 0, 0);
  e.push(2, -499, 0, 0);
  e.sample(1.5, TICK_MS, bounds);
  assert.equal(e.x, 499);
});

test('rotation interpolates along the short arc', () => {
  const e = new Entity(1);
  e.push(1, 0, 0, 3.0);
  e.push(2, 0, 0, -3.0); // 0.28 rad apart through ±π, not 6 rad the long way
  e.sample(1.5, TICK_MS, null);
  assert.ok(Math.abs(Math.abs(e.rot) - Math.PI) < 0.01, `rot=${e.rot}`);
});

test('the render clock runs ~100 ms behind the newest received tick', () => {
  const w = new World();
  w.apply(batch([7, Kind.TRANSFORM, transform(0, 0), 600]), 10_000);
  const behindTicks = 600 - w.renderTick(10_000);
  assert.ok(Math.abs(behindTicks * TICK_MS - INTERP_DELAY_MS) < 1, `behind by ${behindTicks} ticks`);
});

test('server frames build and tear down the entity set', () => {
  const w = new World();
  let events = 0;
  w.onEvent = () => events++;
  w.apply({ type: 'GameEvent', event: { type: 'Possession', network_id: 100 } }, 0);
  w.apply({ type: 'EntitySpawned', network_id: 200, kind: 5 }, 0);
  w.apply(batch(
    [100, Kind.TRANSFORM, transform(1, 2, 0, 1), 5],
    [100, Kind.SHIP_STATS, encodeComponent(Kind.SHIP_STATS, { hp: 150, max_hp: 200, shield: 80, max_shield: 100, energy: 90, max_energy: 100, shield_regen_per_s: 5, energy_regen_per_s: 10 }), 5],
    [100, Kind.CARGO_HOLD, encodeComponent(Kind.CARGO_HOLD, { ore_count: 3, capacity: 500 }), 5],
    [100, Kind.MINING_BEAM, encodeComponent(Kind.MINING_BEAM, { active: true, target: 200, mining_range: 15, base_mining_rate: 2 }), 5],
    [200, Kind.TRANSFORM, transform(10, 0, 0, 5), 5],
    [300, Kind.TRANSFORM, transform(50, 50, 0, 2), 5],
    [300, 4242, Uint8Array.of(0x90), 5], // unknown kind: counted, skipped
    [300, Kind.HULL_POOL, Uint8Array.of(0x91), 5], // malformed payload: counted, skipped
  ), 0);
  assert.equal(w.shipId, 100);
  assert.equal(w.entities.size, 3);
  const ship = w.entities.get(100);
  assert.deepEqual([ship.kind, ship.hull.current, ship.shield.max, ship.cargo.ore_count, ship.beam.target], [1, 150, 100, 3, 200]);
  assert.equal(w.entities.get(200).kind, 5);
  assert.deepEqual([w.unknownComponents, w.badPayloads], [1, 1]);
  assert.equal(w.nearest(5, 0, 0).id, 200);

  w.apply({ type: 'EntityDespawned', network_id: 300 }, 0);
  assert.deepEqual([...w.entities.keys()].sort(), [100, 200]);
  w.apply({ type: 'ClearWorld' }, 0);
  assert.deepEqual([...w.entities.keys()], [], 'ClearWorld removes everything, our own ship too');
  assert.equal(w.shipId, 0, 'no ship until the next Possession');
  w.apply({ type: 'GameEvent', event: { type: 'AsteroidDepleted', network_id: 100 } }, 0);
  assert.ok(events >= 3);
});

test('a respawn drops the position history instead of sliding from the wreck', () => {
  const w = new World();
  w.apply({ type: 'GameEvent', event: { type: 'Possession', network_id: 100 } }, 0);
  w.apply(batch([100, Kind.TRANSFORM, transform(300, 300), 10]), 0);
  w.apply({ type: 'GameEvent', event: { type: 'RespawnEvent', target: 100, x: 0, y: 0 } }, 0);
  const e = w.entities.get(100);
  e.sample(9, TICK_MS, null);
  assert.deepEqual([e.x, e.y], [0, 0]);
});
