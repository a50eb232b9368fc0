package dev.aetheris.replication;

import dev.aetheris.protocol.component.ComponentWriter;

/**
 * Writes an entity's component, as held in an {@link EntityStore}, through the protocol's
 * {@link ComponentWriter}, field by field in layout order: the bridge from the store to any codec
 * that encodes the v1 layouts. Allocation-free.
 *
 * <p><b>Threading.</b> Stateless; call it on the thread that owns the store.
 */
public final class ComponentValues {
    private ComponentValues() {
    }

    /**
     * Writes component {@code component} of the entity at {@code index} into {@code out} and ends
     * it. An absent {@code OPTIONAL_ID} (0) is written as {@code none()}, an enum as its variant.
     *
     * @throws IllegalArgumentException if the entity does not carry the component
     */
    public static void write(EntityStore store, int index, int component, ComponentWriter out) {
        if (!store.hasComponent(index, component)) {
            throw new IllegalArgumentException("entity " + Long.toUnsignedString(store.networkId(index))
                    + " does not carry component " + store.schema().componentAt(component).wire().name());
        }
        ReplicationSchema schema = store.schema();
        ReplicatedComponent c = schema.componentAt(component);
        int end = c.firstField() + c.fieldCount();
        for (int f = c.firstField(); f < end; f++) {
            switch (schema.type(f)) {
                case BOOL -> out.bool(store.getLong(index, f) != 0);
                case UINT -> out.uint(store.getLong(index, f));
                case F32 -> out.f32(store.getFloat(index, f));
                case ENUM -> out.variant((int) store.getLong(index, f));
                case OPTIONAL_ID -> {
                    long id = store.getLong(index, f);
                    if (id == 0) {
                        out.none();
                    } else {
                        out.uint(id);
                    }
                }
                case STRING -> out.str(store.getString(index, f));
            }
        }
        out.end();
    }
}
