package dev.aetheris.protocol.seam;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;

/**
 * Receives state from {@link WorldState} during extraction. Implemented by the tick loop; the
 * world writes values through the returned {@link ComponentWriter} and never sees bytes.
 * Room-loop thread only; allocation-free.
 */
public interface ReplicationSink {

    /**
     * Starts a component value for an entity; the world then writes its fields and calls
     * {@link ComponentWriter#end()}.
     */
    ComponentWriter component(long networkId, ComponentSchema schema);

    /** An entity came into existence (reported before its components). */
    void spawned(long networkId, int entityKind);

    /** An entity is gone; clients that saw it must drop it. */
    void despawned(long networkId);
}
