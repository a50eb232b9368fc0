package dev.aetheris.client;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.event.ReplicationEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * The client's copy of what the server replicated: per entity, its kind and the newest payload of
 * each component (older ticks never overwrite newer ones). Thread-safe: the network thread writes,
 * anyone reads.
 */
public final class StateMirror {

    /** One entity as last seen. */
    public static final class Entity {
        int kind;
        final Map<Integer, byte[]> components = new HashMap<>();
        final Map<Integer, Long> ticks = new HashMap<>();
    }

    /** Most despawned ids remembered; ids are never reused, so this only bounds memory. */
    static final int DEAD_MEMORY = 100_000;

    private final Map<Long, Entity> entities = new HashMap<>();
    // Despawn notices are reliable while state rides datagrams: a datagram sent before the despawn
    // can arrive after it and must not bring the entity back.
    private final java.util.LinkedHashSet<Long> dead = new java.util.LinkedHashSet<>();
    private long updates;

    /** An entity appeared. */
    public synchronized void spawned(long networkId, int kind) {
        if (dead.contains(networkId)) {
            return;
        }
        entities.computeIfAbsent(networkId, k -> new Entity()).kind = kind;
    }

    /** An entity is gone. */
    public synchronized void despawned(long networkId) {
        entities.remove(networkId);
        dead.add(networkId);
        if (dead.size() > DEAD_MEMORY) {
            dead.removeFirst();
        }
    }

    /** Everything is gone (ClearWorld acknowledgement). */
    public synchronized void clear() {
        entities.clear();
    }

    /** Applies one replicated component value. */
    public synchronized void apply(ReplicationEvent e) {
        updates++;
        if (dead.contains(e.networkId())) {
            return;
        }
        Entity en = entities.computeIfAbsent(e.networkId(), k -> new Entity());
        Long last = en.ticks.get(e.componentKind());
        if (last != null && Long.compareUnsigned(last, e.tick()) > 0) {
            return; // a late datagram must not roll state back
        }
        en.components.put(e.componentKind(), e.payload());
        en.ticks.put(e.componentKind(), e.tick());
        if (e.componentKind() == Components.TRANSFORM.kind() && e.payload().length >= 22) {
            en.kind = Transforms.entityType(e.payload());
        }
    }

    /** Entities known. */
    public synchronized int size() {
        return entities.size();
    }

    /** Component values applied so far. */
    public synchronized long updates() {
        return updates;
    }

    /** Whether the entity is known. */
    public synchronized boolean contains(long networkId) {
        return entities.containsKey(networkId);
    }

    /** The newest payload of a component, or {@code null}. */
    public synchronized byte[] component(long networkId, int kind) {
        Entity e = entities.get(networkId);
        return e == null ? null : e.components.get(kind);
    }

    /** The entity kind, or −1 if unknown. */
    public synchronized int kind(long networkId) {
        Entity e = entities.get(networkId);
        return e == null ? -1 : e.kind;
    }

    /** A copy of the known ids. */
    public synchronized java.util.Set<Long> ids() {
        return java.util.Set.copyOf(entities.keySet());
    }
}
