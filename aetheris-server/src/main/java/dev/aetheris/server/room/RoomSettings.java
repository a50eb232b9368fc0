package dev.aetheris.server.room;

import java.time.Duration;

/**
 * How many rooms a process runs and how they live.
 *
 * @param defaultKind  kind of the default room (always running; connections without JoinRoom go there)
 * @param roomCapacity players per room
 * @param maxRooms     rooms per process, the default room included
 * @param emptyGrace   a room without connections for this long is disposed (never the default room)
 * @param seed         world seed for new rooms
 */
public record RoomSettings(String defaultKind, int roomCapacity, int maxRooms, Duration emptyGrace, long seed) {

    /** Validates, naming the bad setting. */
    public RoomSettings {
        if (roomCapacity < 1) {
            throw new IllegalArgumentException("room-capacity must be at least 1, got " + roomCapacity);
        }
        if (maxRooms < 1) {
            throw new IllegalArgumentException("max-rooms must be at least 1, got " + maxRooms);
        }
        if (emptyGrace.isNegative()) {
            throw new IllegalArgumentException("the empty-room grace period must not be negative, got " + emptyGrace);
        }
    }
}
