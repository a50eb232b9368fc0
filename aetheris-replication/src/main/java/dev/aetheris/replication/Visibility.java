package dev.aetheris.replication;

/**
 * Who may receive a replicated component. Immutable; safe to share between threads.
 */
public enum Visibility {
    /** Every client that can see the entity receives the component. */
    EVERYONE,
    /**
     * Only the entity's owner client receives it (cargo, weapon cooldowns: private state that
     * others have no business knowing and that would cost them bandwidth).
     */
    OWNER
}
