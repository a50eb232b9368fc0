package dev.aetheris.codec.compact;

import java.util.List;

/**
 * A component as codec v2 sends it: its wire kind (the v1 component kind) and its fields in
 * layout order (the leaves of the component's layout, depth first). Immutable.
 *
 * @param kind   the component kind (u16)
 * @param fields at least one, at most 64
 */
public record CompactComponent(int kind, List<CompactField> fields) {
    /** @throws IllegalArgumentException for a kind beyond u16 or a field count outside 1..64 */
    public CompactComponent {
        fields = List.copyOf(fields);
        if (kind < 0 || kind > 0xffff || fields.isEmpty() || fields.size() > 64) {
            throw new IllegalArgumentException("component kind " + kind + " with " + fields.size() + " fields");
        }
    }
}
