package dev.aetheris.server.compact;

import dev.aetheris.codec.compact.CompactComponent;
import dev.aetheris.codec.compact.CompactField;
import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.CompactType;
import dev.aetheris.replication.ReplicatedComponent;
import dev.aetheris.replication.ReplicatedField;
import dev.aetheris.replication.ReplicationSchema;
import java.util.ArrayList;
import java.util.List;

/** The codec v2 description of a replication schema: same components, fields and order. */
public final class CompactSchemas {
    private CompactSchemas() {
    }

    /** The v2 schema clients receive for {@code schema}. */
    public static CompactSchema of(ReplicationSchema schema) {
        List<CompactComponent> components = new ArrayList<>();
        for (ReplicatedComponent c : schema.components()) {
            List<CompactField> fields = new ArrayList<>();
            for (int f = c.firstField(); f < c.firstField() + c.fieldCount(); f++) {
                fields.add(field(schema.fieldAt(f)));
            }
            components.add(new CompactComponent(c.wire().kind(), fields));
        }
        return new CompactSchema(components);
    }

    static CompactField field(ReplicatedField f) {
        return switch (f.type()) {
            case BOOL -> new CompactField(CompactType.BOOL, 1, 0, 1);
            case UINT -> new CompactField(CompactType.UINT, f.quantizedBits(), f.min(), f.precision());
            case ENUM -> new CompactField(CompactType.ENUM, f.quantizedBits(), 0, 1);
            case F32 -> f.precision() == 0 ? new CompactField(CompactType.F32, 32, 0, 0)
                    : new CompactField(CompactType.F32, f.quantizedBits(), f.min(), f.precision());
            case OPTIONAL_ID -> new CompactField(CompactType.OPTIONAL_ID, 64, 0, 1);
            case STRING -> new CompactField(CompactType.STRING, 0, 0, 0);
        };
    }
}
