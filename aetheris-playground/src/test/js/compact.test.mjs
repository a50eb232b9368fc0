// Codec v2 in the page against the specification's golden packets (docs/protocol/v2-golden.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromHex, toHex, WireError } from '../../main/site/js/msgpack.js';
import { decodeSchema, HELLO_BYTES, SnapshotDecoder, withAck } from '../../main/site/js/compact.js';

const golden = new Map(readFileSync(new URL('../../../../docs/protocol/v2-golden.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ')));

test('hello and the input header are the spec bytes', () => {
  assert.equal(toHex(HELLO_BYTES).replaceAll(' ', ''), golden.get('hello'));
  assert.equal(toHex(withAck(2, fromHex('81a450696e67912a'))).replaceAll(' ', ''), golden.get('input-ack-2-ping'));
});

test('the golden snapshots decode to the spec states', () => {
  const schema = decodeSchema(fromHex(golden.get('schema')));
  assert.equal(schema.components.length, 2);
  assert.deepEqual(schema.components[0].fields[0], { type: 'F32', bits: 13, min: 0, precision: 0.25 });
  const d = new SnapshotDecoder(schema);
  const c1 = d.decode(fromHex(golden.get('snapshot-1')));
  assert.deepEqual(c1.entered, [{ id: 5, kind: 2 }]);
  assert.deepEqual(c1.components, [
    { id: 5, kind: 1, value: { x: 10.5, y: 20, z: 0, rotation: 0, entity_type: 0 } },
    { id: 5, kind: 8, value: { hp: 500, max_hp: 500 } },
  ]);
  const c2 = d.decode(fromHex(golden.get('snapshot-2')));
  assert.deepEqual(c2.components, [
    { id: 5, kind: 1, value: { x: 11, y: 20, z: 0, rotation: 0, entity_type: 0 } },
    { id: 7, kind: 1, value: { x: 1, y: 0, z: 0, rotation: 0, entity_type: 0 } },
  ]);
  const c3 = d.decode(fromHex(golden.get('snapshot-3')));
  assert.deepEqual(c3.removed, [5]);
  assert.deepEqual(c3.components, []);
  assert.equal(d.decode(fromHex(golden.get('snapshot-3'))), null, 'a duplicate is ignored');
});

test('a snapshot whose baseline is not held is ignored; malformed ones throw WireError', () => {
  const schema = decodeSchema(fromHex(golden.get('schema')));
  const d = new SnapshotDecoder(schema);
  assert.equal(d.decode(fromHex(golden.get('snapshot-2'))), null);
  assert.equal(d.missingBaselines, 1);
  const good = fromHex(golden.get('snapshot-1'));
  for (let cut = 0; cut < good.length; cut++) {
    assert.throws(() => new SnapshotDecoder(schema).decode(good.slice(0, cut)), WireError);
  }
  const padded = good.slice();
  padded[padded.length - 1] |= 0x80;
  assert.throws(() => new SnapshotDecoder(schema).decode(padded), /padding/);
});
