package dev.aetheris.replication;

import dev.aetheris.protocol.seam.WorldState;

/**
 * A world whose replicated state lives in an {@link EntityStore}: the engine replicates from the
 * store (interest, budgets, encoding), so the world only simulates and writes fields.
 *
 * <p>Contract: the world creates its store once from its {@link ReplicationSchema}, spawns and
 * despawns entities in it as they come and go (with their owner and room), writes every
 * replicated field there, and calls {@link EntityStore#setTick} with its new tick in
 * {@link #advanceTick()}. {@link WorldState}'s extraction methods ({@code extractChanges},
 * {@code postExtract}, {@code writeVisibleState}) need no code of the world's own: delegate them
 * to a {@link StoreExtractor} over the store. A tick loop that replicates from the store itself
 * does not call them.
 *
 * <p><b>Threading.</b> As {@link WorldState}: confined to its room's loop thread, and so is its store.
 */
public interface ReplicatedWorld extends WorldState {

    /** The store holding this world's replicated state; the same instance for the world's life. */
    EntityStore store();
}
