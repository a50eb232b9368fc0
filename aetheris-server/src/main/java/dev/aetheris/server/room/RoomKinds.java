package dev.aetheris.server.room;

import dev.aetheris.protocol.seam.WorldState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of room this build can host, each with the factory of its world. {@code playground}
 * and {@code s1} are built in; a game registers its own before the server starts. Every node of
 * a cluster must register the same kinds (a reservation names the kind, and the node that runs
 * the room creates it on first join).
 *
 * <p>Not thread-safe while being filled; read-only (and so thread-safe) once the server starts.
 */
public final class RoomKinds {
    /** Makes the world of a new room. Called on the room-creating thread; may allocate freely. */
    @FunctionalInterface
    public interface WorldFactory {
        /**
         * @param roomId the new room
         * @param seed   a seed for its randomness (the server's, so rooms of a kind start alike)
         * @return a fresh world owned by the room
         * @throws IllegalArgumentException if the server's settings do not suit this kind
         */
        WorldState create(String roomId, long seed);
    }

    private final Map<String, WorldFactory> kinds = new LinkedHashMap<>();

    /**
     * Adds or replaces a kind.
     *
     * @param kind lower-case letters, digits and dashes, 1..32 characters
     * @return this, for chaining
     */
    public RoomKinds register(String kind, WorldFactory factory) {
        if (kind == null || !kind.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("room kind must be 1..32 of a-z 0-9 -, got '" + kind + "'");
        }
        kinds.put(kind, factory);
        return this;
    }

    /** Whether {@code kind} is registered. */
    public boolean has(String kind) {
        return kinds.containsKey(kind);
    }

    /** The registered kinds. */
    public Set<String> names() {
        return Set.copyOf(kinds.keySet());
    }

    /**
     * A new world of {@code kind}.
     *
     * @throws IllegalArgumentException if the kind is unknown
     */
    public WorldState create(String kind, String roomId, long seed) {
        WorldFactory f = kinds.get(kind);
        if (f == null) {
            throw new IllegalArgumentException("room kind '" + kind + "' is not registered; known: " + kinds.keySet());
        }
        return f.create(roomId, seed);
    }
}
