package dev.aetheris.client;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.seam.BatchVisitor;
import dev.aetheris.protocol.util.LongMap;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * The client's copy of what the server replicated: per entity, its kind and the newest payload of
 * each known component (an older tick never overwrites a newer one). Applying a record costs a
 * map lookup and a copy into a reused per-entity buffer, so a bot process can mirror hundreds of
 * thousands of updates a second. Thread-safe: the network thread writes, anyone reads.
 */
public final class StateMirror implements BatchVisitor {
    /** Most despawned ids remembered; ids are never reused, so this only bounds memory. */
    static final int DEAD_MEMORY = 100_000;
    private static final int KINDS = Components.ALL.size();
    private static final short[] INDEX = new short[0x10000];

    static {
        Arrays.fill(INDEX, (short) -1);
        for (int i = 0; i < KINDS; i++) {
            INDEX[Components.ALL.get(i).kind()] = (short) i;
        }
    }

    /** One entity as last seen. */
    private static final class Entity {
        int kind = -1;
        final byte[][] payload = new byte[KINDS][];
        final int[] length = new int[KINDS];
        final long[] tick = new long[KINDS];
        final boolean[] seen = new boolean[KINDS];
    }

    private final LongMap<Entity> entities = new LongMap<>();
    // Despawn notices are reliable while state rides datagrams: a datagram sent before the despawn
    // (or the leave) can arrive after it and must not bring the entity back.
    // Per forgotten id: the newest record tick seen before it went, and the kind announced by a
    // later EntitySpawned (-1 until then). Allocates only when entities leave, not per record.
    private final LinkedHashMap<Long, long[]> dead = new LinkedHashMap<>();
    private long updates;
    private long unknownKinds;

    /**
     * An entity appeared, or came back into this client's interest: the server sends
     * {@code EntitySpawned} again for an entity that left interest and re-entered, followed by its
     * full state. A forgotten id comes back with the first record newer than any it had.
     */
    public synchronized void spawned(long networkId, int kind) {
        long[] d = dead.get(networkId);
        if (d != null) {
            // Revived by the first record newer than anything seen before it went: the full state
            // that follows a re-entry. A spawn notice overtaken by its own despawn has none.
            d[1] = kind;
            return;
        }
        entity(networkId).kind = kind;
    }

    /**
     * An entity is gone from this client's view: despawned, or out of its interest (the wire does
     * not say which). Its state is dropped, and late datagrams for it are ignored until a new
     * {@code EntitySpawned}, so nothing lingers as a ghost.
     */
    public synchronized void despawned(long networkId) {
        Entity gone = entities.remove(networkId);
        long newest = 0;
        if (gone != null) {
            for (int k = 0; k < KINDS; k++) {
                if (gone.seen[k] && Long.compareUnsigned(gone.tick[k], newest) > 0) {
                    newest = gone.tick[k];
                }
            }
        }
        dead.remove(networkId);
        dead.put(networkId, new long[] {newest, -1});
        if (dead.size() > DEAD_MEMORY) {
            dead.pollFirstEntry();
        }
    }

    /**
     * An entity is no longer seen (codec v2: it left the snapshot). Unlike {@link #despawned} it
     * may come back: v2 snapshots are applied newest-first only, so no stale state can revive it.
     */
    public synchronized void left(long networkId) {
        entities.remove(networkId);
    }

    /** Everything is gone (ClearWorld acknowledgement). */
    public synchronized void clear() {
        entities.clear();
    }

    /** Applies one replicated component value. */
    public void apply(ReplicationEvent e) {
        record(e.networkId(), e.componentKind(), e.payload(), 0, e.payload().length, e.tick());
    }

    @Override
    public synchronized void record(long networkId, int componentKind, byte[] buf, int off, int len, long tick) {
        updates++;
        int k = componentKind >= 0 && componentKind < INDEX.length ? INDEX[componentKind] : -1;
        if (k < 0) {
            unknownKinds++;
            return;
        }
        long[] d = dead.get(networkId);
        if (d != null) {
            if (d[1] < 0 || Long.compareUnsigned(tick, d[0]) <= 0) {
                return; // a late datagram for a forgotten entity, or one not announced again
            }
            dead.remove(networkId);
            entity(networkId).kind = (int) d[1];
        }
        Entity en = entity(networkId);
        if (en.seen[k] && Long.compareUnsigned(en.tick[k], tick) > 0) {
            return; // a late datagram must not roll state back
        }
        if (en.payload[k] == null || en.payload[k].length < len) {
            en.payload[k] = new byte[Math.max(len, 32)];
        }
        System.arraycopy(buf, off, en.payload[k], 0, len);
        en.length[k] = len;
        en.tick[k] = tick;
        en.seen[k] = true;
        if (componentKind == Components.TRANSFORM.kind() && len >= 22) {
            en.kind = Transforms.entityType(en.payload[k]);
        }
    }

    private Entity entity(long networkId) {
        Entity e = entities.get(networkId);
        if (e == null) {
            e = new Entity();
            entities.put(networkId, e);
        }
        return e;
    }

    /** Entities known. */
    public synchronized int size() {
        return entities.size();
    }

    /** Component values received so far. */
    public synchronized long updates() {
        return updates;
    }

    /** Records of component kinds this client has no layout for. */
    public synchronized long unknownKinds() {
        return unknownKinds;
    }

    /** Whether the entity is known. */
    public synchronized boolean contains(long networkId) {
        return entities.containsKey(networkId);
    }

    /** A copy of the newest payload of a component, or {@code null}. */
    public synchronized byte[] component(long networkId, int kind) {
        Entity e = entities.get(networkId);
        int k = kind >= 0 && kind < INDEX.length ? INDEX[kind] : -1;
        if (e == null || k < 0 || !e.seen[k]) {
            return null;
        }
        return Arrays.copyOf(e.payload[k], e.length[k]);
    }

    /** The newest payload of a component decoded by its schema's layout name, for tools. */
    public byte[] component(long networkId, ComponentSchema schema) {
        return component(networkId, schema.kind());
    }

    /** The entity kind, or −1 if unknown. */
    public synchronized int kind(long networkId) {
        Entity e = entities.get(networkId);
        return e == null ? -1 : e.kind;
    }

    /** A copy of the known ids. */
    public synchronized Set<Long> ids() {
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < entities.capacity(); i++) {
            if (entities.keyAt(i) != 0) {
                out.add(entities.keyAt(i));
            }
        }
        return out;
    }
}
