/**
 * The engine's replication core: what a game declares ({@link dev.aetheris.replication.ReplicationSchema}),
 * where it writes its replicated state ({@link dev.aetheris.replication.EntityStore}), and the world
 * seam the tick loop replicates from ({@link dev.aetheris.replication.ReplicatedWorld}).
 *
 * <p>A world declares its replicated components once, creates one store from that schema, and
 * writes field values into it while it simulates. It never tracks dirtiness, never decides who
 * sees what and never sees bytes: the engine reads the store's change ticks, applies interest and
 * per-client budgets, and hands what each client needs to an encoder.
 *
 * <p>Depends on {@code aetheris-protocol} only; component wire layouts are the protocol's
 * {@link dev.aetheris.protocol.component.ComponentSchema}s, not redefined here.
 */
package dev.aetheris.replication;
