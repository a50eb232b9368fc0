package dev.aetheris.protocol.event;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Gameplay notifications the server sends reliably, wrapped in {@link WireEvent.GameEvent}.
 * Variant and field names are upstream v0.2.22's; the codec writes the names, so renaming a
 * variant breaks existing clients.
 */
public sealed interface GameEvent {

    /** Upstream variant name written on the wire. */
    default String variantName() {
        return getClass().getSimpleName();
    }

    /** An asteroid ran out of ore. @param networkId the asteroid */
    record AsteroidDepleted(long networkId) implements GameEvent {
    }

    /** The receiving client now controls this entity (its session ship). @param networkId the ship */
    record Possession(long networkId) implements GameEvent {
    }

    /**
     * Server facts as string pairs, written in ascending key order (UTF-8 byte order).
     *
     * @param manifest the pairs; copied into an unmodifiable sorted map
     */
    record SystemManifest(SortedMap<String, String> manifest) implements GameEvent {
        /** Copies the map so the event stays immutable. */
        public SystemManifest {
            manifest = Collections.unmodifiableSortedMap(new TreeMap<>(manifest));
        }
    }

    /**
     * One entity damaged another.
     *
     * @param source the attacker (entity id)
     * @param target the entity hit
     * @param amount damage dealt (u16)
     */
    record DamageEvent(long source, long target, int amount) implements GameEvent {
    }

    /** An entity died. @param target the entity that died */
    record DeathEvent(long target) implements GameEvent {
    }

    /**
     * A ship came back.
     *
     * @param target the new ship's id
     * @param x      spawn x
     * @param y      spawn y
     */
    record RespawnEvent(long target, float x, float y) implements GameEvent {
    }

    /**
     * A ship picked up a cargo drop.
     *
     * @param networkId the collecting ship
     * @param amount    ore collected (u16)
     */
    record CargoCollected(long networkId, int amount) implements GameEvent {
    }
}
