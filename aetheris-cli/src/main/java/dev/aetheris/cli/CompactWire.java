package dev.aetheris.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aetheris.codec.compact.BitReader;
import dev.aetheris.codec.compact.CompactComponent;
import dev.aetheris.codec.compact.CompactField;
import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.SchemaMessage;
import dev.aetheris.codec.compact.CompactType;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.WireType;
import dev.aetheris.protocol.error.CodecException;
import java.util.ArrayList;
import java.util.List;

/**
 * The structure of codec v2 messages as JSON, for {@code aetheris wire decode --codec v2}: HELLO,
 * INPUT (its ack; the v1 message it carries as hex), SCHEMA (components and fields), and SNAPSHOT
 * (header and every entry as written: ids, ops, masks and each value's coding — raw {@code q},
 * or a delta {@code d} against the baseline the tool does not have).
 */
final class CompactWire {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CompactWire() {
    }

    /** Decodes any v2 message; a SNAPSHOT needs the connection's SCHEMA message. */
    static ObjectNode decode(byte[] in, byte[] schemaMessage) throws CodecException, WireCommand.Failure {
        if (!CompactFrames.isCompact(in, 0, in.length)) {
            throw new WireCommand.Failure("not a v2 message (v2 messages start with c1 and a type byte)", 0);
        }
        ObjectNode o = F.objectNode();
        switch (CompactFrames.type(in, 0)) {
            case CompactFrames.HELLO -> {
                if (!CompactFrames.isHello(in, 0, in.length)) {
                    throw new WireCommand.Failure("a HELLO is exactly c1 01 02", 0);
                }
                o.put("type", "Hello").put("version", CompactFrames.VERSION);
            }
            case CompactFrames.INPUT -> {
                o.put("type", "Input").put("ack", CompactFrames.inputAck(in, 0, in.length));
                o.put("message", java.util.HexFormat.of().formatHex(in, CompactFrames.INPUT_HEADER, in.length));
            }
            case CompactFrames.SCHEMA -> schema(o, SchemaMessage.decode(in, 0, in.length));
            case CompactFrames.SNAPSHOT -> {
                if (schemaMessage == null) {
                    throw new WireCommand.Failure("a SNAPSHOT needs --schema HEX (the connection's SCHEMA message)", 0);
                }
                snapshot(o, SchemaMessage.decode(schemaMessage, 0, schemaMessage.length), in);
            }
            default -> throw new WireCommand.Failure("unknown v2 message type " + CompactFrames.type(in, 0), 1);
        }
        return o;
    }

    private static void schema(ObjectNode o, CompactSchema schema) {
        o.put("type", "Schema");
        ArrayNode comps = o.putArray("components");
        for (CompactComponent c : schema.components()) {
            ObjectNode co = comps.addObject();
            co.put("kind", c.kind()).put("name", componentName(c.kind()));
            List<String> names = fieldNames(c.kind(), c.fields().size());
            ArrayNode fields = co.putArray("fields");
            for (int i = 0; i < c.fields().size(); i++) {
                CompactField f = c.fields().get(i);
                fields.addObject().put("name", names.get(i)).put("type", f.type().name()).put("bits", f.bits())
                        .put("min", f.min()).put("precision", f.precision());
            }
        }
    }

    private static void snapshot(ObjectNode o, CompactSchema schema, byte[] in) throws CodecException,
            WireCommand.Failure {
        long seq = SnapshotFormat.sequence(in, 0, in.length);
        int p = 6;
        long tick = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= in.length || shift > 63) {
                throw new WireCommand.Failure("truncated tick", p);
            }
            int b = in[p++] & 0xff;
            tick |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (in.length - p < 3) {
            throw new WireCommand.Failure("truncated header", p);
        }
        int base = in[p] & 0xff;
        int count = (in[p + 1] & 0xff) | (in[p + 2] & 0xff) << 8;
        o.put("type", "Snapshot").put("seq", seq).put("tick", tick);
        if (base == 0) {
            o.putNull("baseline");
        } else {
            o.put("baseline", seq - base);
        }
        o.put("count", count).put("bytes", in.length);
        BitReader r = new BitReader().reset(in, 0, p + 3, in.length);
        ArrayNode entries = o.putArray("entries");
        long id = 0;
        for (int n = 0; n < count; n++) {
            long before = r.position();
            ObjectNode e = entries.addObject();
            id += r.readVar();
            e.put("id", id);
            int op = (int) r.read(2);
            switch (op) {
                case SnapshotFormat.OP_REMOVED -> e.put("op", "removed");
                case SnapshotFormat.OP_FULL, SnapshotFormat.OP_DELTA -> {
                    e.put("op", op == SnapshotFormat.OP_FULL ? "full" : "delta");
                    if (op == SnapshotFormat.OP_FULL) {
                        e.put("kind", r.readVar());
                    }
                    components(e.putObject("components"), schema, r);
                }
                default -> throw r.fail("invalid entity op 3");
            }
            e.put("bits", r.position() - before);
        }
        r.expectEnd();
    }

    private static void components(ObjectNode out, CompactSchema schema, BitReader r) throws CodecException {
        long comps = r.read(schema.componentCount());
        for (long m = comps; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            int fc = schema.fieldCount(c);
            long fm = fc > 1 ? r.read(fc) : 1;
            int kind = schema.components().get(c).kind();
            ObjectNode co = out.putObject(componentName(kind));
            List<String> names = fieldNames(kind, fc);
            for (long f = fm; f != 0; f &= f - 1) {
                int i = Long.numberOfTrailingZeros(f);
                CompactField field = schema.field(schema.firstField(c) + i);
                if (field.type() == CompactType.STRING) {
                    long len = r.readVar();
                    StringBuilder hex = new StringBuilder();
                    for (long k = 0; k < len && k <= SnapshotFormat.MAX_STRING_BYTES; k++) {
                        hex.append(String.format("%02x", r.read(8)));
                    }
                    co.put(names.get(i), "utf8:" + hex);
                    continue;
                }
                int tier = SnapshotFormat.readTier(r, field);
                if (tier == SnapshotFormat.TIER_RAW) {
                    co.put(names.get(i), "q=" + Long.toUnsignedString(r.read(field.bits())));
                } else {
                    long z = r.read(tier == SnapshotFormat.TIER_SMALL ? 5 : 10);
                    long d = (z >>> 1) ^ -(z & 1);
                    co.put(names.get(i), (d >= 0 ? "d=+" : "d=") + d);
                }
            }
        }
    }

    private static String componentName(int kind) {
        ComponentSchema s = Components.byKind(kind);
        return s == null ? "kind_" + kind : s.name();
    }

    /** Leaf names of the layout in depth-first order, or field_i when the kind is unknown or differs. */
    private static List<String> fieldNames(int kind, int count) {
        List<String> names = new ArrayList<>();
        ComponentSchema s = Components.byKind(kind);
        if (s != null) {
            leaves(s.type(), "", names);
        }
        if (names.size() != count) {
            names.clear();
            for (int i = 0; i < count; i++) {
                names.add("field_" + i);
            }
        }
        return names;
    }

    private static void leaves(WireType t, String prefix, List<String> out) {
        switch (t) {
            case WireType.Struct s -> {
                for (WireType.Field f : s.fields()) {
                    leaves(f.type(), prefix.isEmpty() ? f.name() : prefix + "." + f.name(), out);
                }
            }
            case WireType.Newtype n -> leaves(n.inner(), prefix, out);
            default -> out.add(prefix.isEmpty() ? "value" : prefix);
        }
    }
}
