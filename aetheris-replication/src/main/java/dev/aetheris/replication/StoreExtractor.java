package dev.aetheris.replication;

import dev.aetheris.protocol.seam.ReplicationSink;

/**
 * Reports a store's changes in the form of {@link dev.aetheris.protocol.seam.WorldState}'s
 * extraction methods: spawns with their full state, despawns, then every component changed since
 * the previous {@link #postExtract}. It lets a world that keeps its state in an
 * {@link EntityStore} serve a tick loop that still asks the world for changes (and is the
 * default of {@link ReplicatedWorld}'s extraction methods), without tracking dirtiness itself.
 * It sends everything to everyone the tick chooses; interest and budgets are the engine's.
 *
 * <p><b>Threading.</b> Not thread-safe; on the store's room loop thread.
 *
 * <p><b>Allocation.</b> None. Cost O(live entities) per extraction (one tick comparison each).
 */
public final class StoreExtractor {
    private final EntityStore store;
    private long extracted = Long.MIN_VALUE;

    /** An extractor over {@code store}; the first extraction reports every live entity as spawned. */
    public StoreExtractor(EntityStore store) {
        this.store = store;
    }

    /**
     * Reports, since the previous {@link #postExtract}: each new entity ({@code spawned}, then all
     * its components), each despawn from the store's log, then each changed component of the
     * other entities. Repeatable until {@link #postExtract}.
     */
    public void extractChanges(ReplicationSink sink) {
        long since = extracted;
        int high = store.highWater();
        for (int e = 0; e < high; e++) {
            if (store.isAlive(e) && store.spawnTick(e) > since) {
                writeFull(e, sink);
            }
        }
        DespawnLog despawns = store.despawns();
        for (int d = 0; d < despawns.size(); d++) {
            sink.despawned(despawns.networkId(d));
        }
        int components = store.schema().componentCount();
        for (int e = 0; e < high; e++) {
            if (!store.isAlive(e) || store.changeTick(e) <= since || store.spawnTick(e) > since) {
                continue;
            }
            for (int c = 0; c < components; c++) {
                if (store.hasComponent(e, c) && store.componentChangeTick(e, c) > since) {
                    ComponentValues.write(store, e, c, sink.component(store.networkId(e), store.schema().componentAt(c).wire()));
                }
            }
        }
    }

    /** Marks everything up to the store's current tick as extracted and clears its despawn log. */
    public void postExtract() {
        extracted = store.tick();
        store.despawns().clear();
    }

    /**
     * Writes every live entity of {@code room} and every entity in no room in full ({@code spawned}
     * and all components), for a client that joins late or enters the room.
     */
    public void writeVisibleState(long room, ReplicationSink sink) {
        int high = store.highWater();
        for (int e = 0; e < high; e++) {
            if (store.isAlive(e) && (store.room(e) == room || store.room(e) == 0)) {
                writeFull(e, sink);
            }
        }
    }

    private void writeFull(int e, ReplicationSink sink) {
        long id = store.networkId(e);
        sink.spawned(id, store.kind(e));
        int components = store.schema().componentCount();
        for (int c = 0; c < components; c++) {
            if (store.hasComponent(e, c)) {
                ComponentValues.write(store, e, c, sink.component(id, store.schema().componentAt(c).wire()));
            }
        }
    }
}
