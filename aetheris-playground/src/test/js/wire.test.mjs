// The page's wire codec against the public rmp-serde golden vectors (the same file the Java codec
// is tested with) plus round trips and rejection of malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromHex, toHex, Reader, Writer, WireError } from '../../main/site/js/msgpack.js';
import {
  decodeComponent, decodeEvent, decodeFrame, encodeComponent, encodeEvent, encodeReplicationFrame,
  encodeInputCommand, Kind, Reassembler,
} from '../../main/site/js/wire.js';

/** id → { title, hex, result } parsed from rmp-vectors-public.txt. */
function loadVectors() {
  const text = readFileSync(new URL('./data/rmp-vectors-public.txt', import.meta.url), 'utf8');
  const out = new Map();
  let current = null;
  for (const line of text.split('\n')) {
    const head = /^([A-Z]\d+[a-z]?) (.*)$/.exec(line);
    if (head) {
      current = { id: head[1], title: head[2], hex: null, result: null };
      out.set(current.id, current);
      continue;
    }
    if (!current) continue;
    const bytes = /^\s+(?:len=\d+\s+hex|in):\s*(.*)$/.exec(line);
    if (bytes) current.hex = bytes[1].trim();
    const res = /^\s+=>\s+(OK|ERR)\b/.exec(line);
    if (res) current.result = res[1];
  }
  return out;
}

const VECTORS = loadVectors();
const vec = (id) => {
  const v = VECTORS.get(id);
  assert.ok(v, `vector ${id} missing from the file`);
  return v;
};
const B1 = { x: 10.5, y: -3.25, z: 0, rotation: 1.5, entity_type: 1 };

/** Event vectors: id → the JS value the page uses. */
const EVENT_VECTORS = {
  A1: { type: 'Auth', session_token: 'tok123' },
  A2: { type: 'Ping', tick: 42 },
  A3: { type: 'Pong', tick: 1000 },
  A3b: { type: 'Ping', tick: 70000 },
  A3c: { type: 'Ping', tick: 18446744073709551615n },
  A4: { type: 'Fragment', fragment: { message_id: 7, fragment_index: 1, total_fragments: 3, payload: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) } },
  A5: { type: 'StartSession' },
  A6: { type: 'RequestSystemManifest' },
  A7: { type: 'ClearWorld' },
  A8: { type: 'StressTest', count: 500, rotate: true },
  A9: { type: 'Spawn', entity_type: 1, x: 10.5, y: -3.25, rot: 0 },
  D2: { type: 'ReplicationBatch', events: [] },
};

/** Component payload vectors: id → [kind, value]. */
const COMPONENT_VECTORS = {
  B1: [Kind.TRANSFORM, B1],
  B2: [Kind.VELOCITY, { dx: 1, dy: -1, dz: 0 }],
  B3: [Kind.SHIP_STATS, { hp: 100, max_hp: 100, shield: 100, max_shield: 100, energy: 100, max_energy: 100, shield_regen_per_s: 0, energy_regen_per_s: 0 }],
};

for (const [id, value] of Object.entries(EVENT_VECTORS)) {
  test(`vector ${id} (${vec(id).title}): encodes to the golden bytes and decodes back`, () => {
    const golden = fromHex(vec(id).hex);
    assert.equal(toHex(encodeEvent(value)), toHex(golden));
    assert.deepEqual(decodeEvent(golden), value);
    assert.deepEqual(decodeFrame(golden), value);
  });
}

for (const [id, [kind, value]] of Object.entries(COMPONENT_VECTORS)) {
  test(`vector ${id} (${vec(id).title}): component payload bytes and back`, () => {
    const golden = fromHex(vec(id).hex);
    assert.equal(toHex(encodeComponent(kind, value)), toHex(golden));
    assert.deepEqual(decodeComponent(kind, golden), value);
  });
}

test('vector C1: replication frame header + raw Transform payload', () => {
  const golden = fromHex(vec('C1').hex);
  const payload = encodeComponent(Kind.TRANSFORM, B1);
  assert.equal(toHex(encodeReplicationFrame(101, 1, 1234, payload)), toHex(golden));
  const f = decodeFrame(golden);
  assert.equal(f.type, 'Replication');
  assert.equal(f.network_id, 101);
  assert.equal(f.component_kind, 1);
  assert.equal(f.tick, 1234);
  assert.deepEqual(decodeComponent(f.component_kind, f.payload), B1);
});

test('vector C3: replication frame with an opaque payload', () => {
  const golden = fromHex(vec('C3').hex);
  const payload = Uint8Array.of(1, 2, 3, 4);
  assert.equal(toHex(encodeReplicationFrame(42, 1, 100, payload)), toHex(golden));
  const f = decodeFrame(golden);
  assert.deepEqual([f.network_id, f.component_kind, f.tick, Array.from(f.payload)], [42, 1, 100, [1, 2, 3, 4]]);
});

test('vector F1: the map-bodied (to_vec_named) Ping is rejected, like the Java codec does', () => {
  assert.equal(vec('F1').result, 'OK'); // rmp-serde is lenient here; the project's codecs are not
  assert.throws(() => decodeEvent(fromHex(vec('F1').hex)), WireError);
});

for (const id of ['F6', 'F10', 'F18']) {
  test(`vector ${id} (${vec(id).title}): rejected as rmp-serde rejects it`, () => {
    assert.equal(vec(id).result, 'ERR');
    assert.throws(() => decodeEvent(fromHex(vec(id).hex)), WireError);
  });
}

test('every vector in the file is either checked above or has no JS counterpart', () => {
  const checked = new Set([...Object.keys(EVENT_VECTORS), ...Object.keys(COMPONENT_VECTORS), 'C1', 'C3', 'F1', 'F6', 'F10', 'F18']);
  const unchecked = [...VECTORS.keys()].filter((id) => !checked.has(id));
  assert.deepEqual(unchecked, []);
  assert.ok(VECTORS.size >= 20, `only ${VECTORS.size} vectors parsed`);
});

// ---- worked examples of upstream-protocol.md §1.5 that the public file does not list --------
test('GameEvent(Possession{101}) is the documented 25 bytes', () => {
  const hex = '81 a9 47 61 6d 65 45 76 65 6e 74 81 aa 50 6f 73 73 65 73 73 69 6f 6e 91 65';
  const ev = { type: 'GameEvent', event: { type: 'Possession', network_id: 101 } };
  assert.equal(toHex(encodeEvent(ev)), hex);
  assert.deepEqual(decodeEvent(fromHex(hex)), ev);
});

test('GameEvent(SystemManifest) writes keys in ascending order (66 bytes)', () => {
  const ev = { type: 'GameEvent', event: { type: 'SystemManifest', manifest: { version_protocol: '0.2.16', tick_rate: '60' } } };
  const bytes = encodeEvent(ev);
  assert.equal(bytes.length, 66);
  assert.equal(toHex(bytes.subarray(28, 39)), '82 a9 74 69 63 6b 5f 72 61 74 65'); // "tick_rate" comes first
  assert.deepEqual(decodeEvent(bytes), ev);
});

test('ReplicationBatch with one Transform record is the documented 49 bytes (D1)', () => {
  const payload = encodeComponent(Kind.TRANSFORM, B1);
  const ev = { type: 'ReplicationBatch', events: [{ network_id: 101, component_kind: 1, payload, tick: 1234 }] };
  const bytes = encodeEvent(ev);
  assert.equal(bytes.length, 49);
  assert.equal(toHex(bytes.subarray(0, 24)), '81 b0 52 65 70 6c 69 63 61 74 69 6f 6e 42 61 74 63 68 91 94 65 01 c4 16');
  assert.equal(toHex(bytes.subarray(46)), 'cd 04 d2');
  const back = decodeEvent(bytes);
  assert.deepEqual(decodeComponent(1, back.events[0].payload), B1);
});

test('InputCommand frame (C2 shape with actions_mask as the 3rd field)', () => {
  const payload = encodeInputCommand({ tick: 77, actions: [{ type: 'Move', x: 1, y: 0 }], actions_mask: 0, last_seen_input_tick: null });
  const frame = encodeReplicationFrame(101, Kind.INPUT_COMMAND, 77, payload);
  assert.equal(toHex(frame), '93 65 cc 80 4d 94 4d 91 81 a4 4d 6f 76 65 92 ca 3f 80 00 00 ca 00 00 00 00 00 c0');
});

test('InputCommand with every action kind round-trips', () => {
  const cmd = {
    tick: 123456, actions: [{ type: 'Move', x: -1, y: 0.5 }, { type: 'ToggleMining', target: 4242 }, { type: 'FirePrimary' }],
    actions_mask: 4, last_seen_input_tick: 99,
  };
  const bytes = encodeInputCommand(cmd);
  // FirePrimary is a unit variant: a bare name, followed by actions_mask 4 and last_seen 99.
  assert.equal(toHex(bytes.subarray(bytes.length - 14)), 'ab 46 69 72 65 50 72 69 6d 61 72 79 04 63');
  assert.deepEqual(decodeComponent(Kind.INPUT_COMMAND, bytes), cmd);
});

test('every server event round-trips', () => {
  const events = [
    { type: 'EntitySpawned', network_id: 100, kind: 5 },
    { type: 'EntityDespawned', network_id: 70000 },
    { type: 'GameEvent', event: { type: 'DamageEvent', source: 1, target: 2, amount: 300 } },
    { type: 'GameEvent', event: { type: 'DeathEvent', target: 2 } },
    { type: 'GameEvent', event: { type: 'RespawnEvent', target: 2, x: 1.5, y: -2 } },
    { type: 'GameEvent', event: { type: 'AsteroidDepleted', network_id: 9 } },
    { type: 'GameEvent', event: { type: 'CargoCollected', network_id: 9, amount: 12 } },
    { type: 'Pong', tick: 2 ** 40 },
  ];
  for (const ev of events) assert.deepEqual(decodeEvent(encodeEvent(ev)), ev);
});

test('every component kind round-trips', () => {
  const values = {
    5: { type: 'Hauler' },
    6: { name: 'Pilot ☄' },
    8: { hp: 10, max_hp: 500 },
    13: { projectile_type: { type: 'SeekerMissile' }, origin_tick: 77 },
    129: { name: 'lobby', capacity: 64, access: { type: 'Permission', token: 'abc' }, is_template: false },
    130: { min_x: -500, min_y: -500, max_x: 500, max_y: 500 },
    131: 12345,
    1024: { active: true, target: 77, mining_range: 15, base_mining_rate: 2 },
    1025: { ore_count: 3, capacity: 500 },
    1026: { ore_remaining: 90, total_capacity: 100 },
    1027: { cooldown_ticks: 30, last_fired_tick: 9 },
    1028: { current: 50, max: 100 },
    1029: { current: 150, max: 200 },
    1030: { quantity: 7 },
  };
  for (const [kind, v] of Object.entries(values)) assert.deepEqual(decodeComponent(Number(kind), encodeComponent(Number(kind), v)), v);
});

test('MiningBeam without its two #[serde(default)] fields decodes with defaults', () => {
  assert.deepEqual(decodeComponent(Kind.MINING_BEAM, fromHex('92 c2 c0')), { active: false, target: null, mining_range: 0, base_mining_rate: 0 });
  assert.throws(() => decodeComponent(Kind.MINING_BEAM, fromHex('91 c2')), WireError);
});

test('an unknown component kind is skipped, not an error', () => {
  assert.equal(decodeComponent(4242, Uint8Array.of(0x90)), undefined);
});

test('malformed input is a WireError, never a wrong value', () => {
  const bad = [
    '81 a4 50 69 6e 67 91 2a 00', // trailing byte
    '81 a4 50 69 6e 67 91', // truncated
    '81 a4 70 69 6e 67 91 2a', // "ping": wrong case
    '82 a4 50 69 6e 67 91 2a a4 50 69 6e 67 91 2a', // 2-entry enum map
    '81 00 91 05', // integer variant index
    '07', // bare integer variant
    '81 aa 53 74 72 65 73 73 54 65 73 74 92 ce 00 01 00 00 c3', // count 65536 > u16
    '81 aa 53 74 72 65 73 73 54 65 73 74 92 05 01', // bool given an int
    '81 a4 50 69 6e 67 91 ff', // negative tick
    '81 a4 41 75 74 68 91 a2 c3 28', // invalid UTF-8
    'ac 53 74 61 72 74 53 65 73 73 69 6f', // truncated StartSession
    '81 a4 50 69 6e 67 dd ff ff ff ff', // array length beyond the input
  ];
  for (const hex of bad) assert.throws(() => decodeEvent(fromHex(hex)), WireError, hex);
});

test('integers are written in their smallest unsigned form at every boundary', () => {
  const cases = [[0, '00'], [127, '7f'], [128, 'cc 80'], [255, 'cc ff'], [256, 'cd 01 00'], [65535, 'cd ff ff'],
    [65536, 'ce 00 01 00 00'], [2 ** 32 - 1, 'ce ff ff ff ff'], [2 ** 32, 'cf 00 00 00 01 00 00 00 00']];
  for (const [v, hex] of cases) {
    const w = new Writer(4);
    w.uint(v);
    assert.equal(toHex(w.bytes()), hex);
    assert.equal(new Reader(w.bytes()).uint(64), v);
  }
});

test('strings and binaries switch header forms at 32 / 256 / 65536 bytes', () => {
  for (const [n, head] of [[31, 'bf'], [32, 'd9 20'], [255, 'd9 ff'], [256, 'da 01 00'], [65536, 'db 00 01 00 00']]) {
    const w = new Writer(8);
    w.str('x'.repeat(n));
    assert.equal(toHex(w.bytes().subarray(0, head.split(' ').length)), head);
    assert.equal(new Reader(w.bytes()).str().length, n);
  }
  for (const [n, head] of [[0, 'c4 00'], [255, 'c4 ff'], [256, 'c5 01 00'], [65536, 'c6 00 01 00 00']]) {
    const w = new Writer(8);
    w.bin(new Uint8Array(n));
    assert.equal(toHex(w.bytes().subarray(0, head.split(' ').length)), head);
    assert.equal(new Reader(w.bytes()).bin().length, n);
  }
});

test('the reassembler joins fragments in any order, once, and bounds its memory', () => {
  const r = new Reassembler({ timeoutMs: 1000, maxPending: 2 });
  const frag = (id, i, total, bytes) => ({ message_id: id, fragment_index: i, total_fragments: total, payload: Uint8Array.from(bytes) });
  assert.equal(r.add(frag(1, 1, 2, [3, 4]), 0), null);
  assert.equal(r.add(frag(1, 1, 2, [9, 9]), 0), null); // duplicate ignored
  assert.deepEqual(Array.from(r.add(frag(1, 0, 2, [1, 2]), 1)), [1, 2, 3, 4]);
  assert.equal(r.add(frag(2, 5, 2, [0]), 2), null); // index beyond total
  r.add(frag(3, 0, 3, [0]), 2);
  r.add(frag(4, 0, 3, [0]), 2);
  assert.equal(r.add(frag(5, 0, 3, [0]), 2), null); // over maxPending
  assert.equal(r.dropped, 2);
  r.prune(5000);
  assert.equal(r.pending.size, 0);
  assert.equal(r.dropped, 4);
});
