package dev.aetheris.replication;

import dev.aetheris.protocol.component.ComponentSchema;

/**
 * One replicated component of a {@link ReplicationSchema}: its wire layout (the protocol's single
 * definition), who may see it, and the contiguous run of field handles its leaves occupy.
 * Immutable; safe to share between threads.
 *
 * @param handle     this component's handle: its index in the schema, 0..63
 * @param wire       the wire layout, e.g. {@code Components.TRANSFORM}
 * @param visibility who receives it
 * @param firstField handle of its first field; its fields are {@code firstField .. firstField + fieldCount - 1}
 *                   in the layout's depth-first order
 * @param fieldCount how many fields it has (at least one)
 */
public record ReplicatedComponent(int handle, ComponentSchema wire, Visibility visibility, int firstField,
                                  int fieldCount) {
}
