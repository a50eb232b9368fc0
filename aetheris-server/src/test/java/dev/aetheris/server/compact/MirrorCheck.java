package dev.aetheris.server.compact;

import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.SnapshotDecoder;
import dev.aetheris.codec.compact.SnapshotState;
import dev.aetheris.replication.EntityStore;

/** Compares a v2 client's decoded state with the server's store, field by quantized field. */
public final class MirrorCheck {
    /** A decoder listener that ignores every callback (the state is read afterwards). */
    public static final SnapshotDecoder.Listener IGNORE = new SnapshotDecoder.Listener() {
        @Override
        public void snapshot(long seq, long tick) {
        }

        @Override
        public void entered(long networkId, int kind) {
        }

        @Override
        public void changed(SnapshotState state, int i, int component) {
        }

        @Override
        public void removed(long networkId) {
        }
    };

    private MirrorCheck() {
    }

    /**
     * Entities whose mirrored state differs from the store's quantized state, plus entities the
     * mirror holds that the store does not: 0 when the client holds exactly every live entity.
     */
    public static int mismatches(EntityStore store, CompactSchema schema, SnapshotState s) {
        int bad = 0;
        int live = 0;
        for (int e = 0; e < store.highWater(); e++) {
            if (!store.isAlive(e)) {
                continue;
            }
            live++;
            int i = s.indexOf(store.networkId(e));
            if (i < 0 || s.mask(i) != store.componentMask(e) || s.kind(i) != store.kind(e)) {
                bad++;
                continue;
            }
            for (int f = 0; f < schema.fieldCount(); f++) {
                var field = schema.field(f);
                if (!store.hasComponent(e, componentOf(schema, f))) {
                    continue;
                }
                boolean same = switch (field.type()) {
                    case F32 -> s.quantized(i, f) == field.quantize(store.getFloat(e, f));
                    case STRING -> s.stringValue(i, f).equals(nullToEmpty(store.getString(e, f)));
                    default -> s.quantized(i, f) == field.quantize(store.getLong(e, f));
                };
                if (!same) {
                    bad++;
                    break;
                }
            }
        }
        return bad + Math.max(0, s.size() - live);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static int componentOf(CompactSchema schema, int f) {
        for (int c = schema.componentCount() - 1; c >= 0; c--) {
            if (schema.firstField(c) <= f) {
                return c;
            }
        }
        return 0;
    }
}
