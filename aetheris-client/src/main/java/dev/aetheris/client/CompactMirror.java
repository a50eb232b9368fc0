package dev.aetheris.client;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.codec.compact.CompactField;
import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.SnapshotDecoder;
import dev.aetheris.codec.compact.SnapshotState;
import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.Components;

/**
 * Feeds codec v2 snapshots into a {@link StateMirror} in v1 form: each changed component is
 * rebuilt as its v1 payload from the dequantized fields (the v2 schema lists a component's
 * fields in its layout's depth-first order), so mirror readers see one shape for both wires.
 *
 * <p><b>Threading.</b> Not thread-safe; the connection's event loop (the decoder's thread).
 */
final class CompactMirror implements SnapshotDecoder.Listener {
    private final StateMirror mirror;
    private final CompactSchema schema;
    private final MsgpackCodec codec = new MsgpackCodec();
    private final byte[] scratch = new byte[4096];
    private long tick;
    long rebuildErrors;

    CompactMirror(StateMirror mirror, CompactSchema schema) {
        this.mirror = mirror;
        this.schema = schema;
    }

    @Override
    public void snapshot(long seq, long snapshotTick) {
        tick = snapshotTick;
    }

    @Override
    public void entered(long networkId, int kind) {
        mirror.spawned(networkId, kind);
    }

    @Override
    public void changed(SnapshotState state, int i, int component) {
        ComponentSchema layout = Components.byKind(schema.components().get(component).kind());
        if (layout == null) {
            rebuildErrors++;
            return;
        }
        try {
            ComponentWriter w = codec.componentWriter(layout, scratch, 0, scratch.length);
            int first = schema.firstField(component);
            for (int f = first; f < first + schema.fieldCount(component); f++) {
                CompactField field = schema.field(f);
                switch (field.type()) {
                    case BOOL -> w.bool(state.quantized(i, f) != 0);
                    case UINT -> w.uint(state.longValue(i, f));
                    case F32 -> w.f32(state.floatValue(i, f));
                    case ENUM -> w.variant((int) state.quantized(i, f));
                    case OPTIONAL_ID -> {
                        long id = state.quantized(i, f);
                        if (id == 0) {
                            w.none();
                        } else {
                            w.uint(id);
                        }
                    }
                    case STRING -> w.str(state.stringValue(i, f));
                }
            }
            w.end();
        } catch (IllegalStateException e) {
            rebuildErrors++; // the server's schema does not match the layout this client knows
            return;
        }
        mirror.record(state.id(i), layout.kind(), scratch, 0, codec.componentLength(), tick);
    }

    @Override
    public void removed(long networkId) {
        mirror.left(networkId);
    }
}
