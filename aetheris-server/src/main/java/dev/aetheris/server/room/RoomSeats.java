package dev.aetheris.server.room;

import dev.aetheris.fleet.Reservation;
import dev.aetheris.fleet.SeatGate;
import dev.aetheris.fleet.SeatRefusal;
import dev.aetheris.protocol.seam.Session;
import dev.aetheris.server.tick.RoomGate;
import java.util.function.IntSupplier;

/**
 * A room's {@link RoomGate}: the node's {@link SeatGate} judges the reservation for this room and
 * player; a room already at capacity refuses too. A genuine reservation for another room of this
 * node reaches the default room only when that room could not be created (node full, draining,
 * unknown kind), and is refused as {@code unavailable}. Room-loop thread.
 */
final class RoomSeats implements RoomGate {
    private final SeatGate seats;
    private final String roomId;
    private final IntSupplier players;
    private final int capacity;
    private final Runnable granted;
    private final boolean required;

    RoomSeats(SeatGate seats, String roomId, IntSupplier players, int capacity, Runnable granted, boolean required) {
        this.required = required;
        this.seats = seats;
        this.roomId = roomId;
        this.players = players;
        this.capacity = capacity;
        this.granted = granted;
    }

    @Override
    public String claim(String reservation, Session session) {
        Reservation r = seats.peek(reservation);
        if (r != null && !r.roomId().equals(roomId)) {
            seats.refuse(SeatRefusal.UNAVAILABLE);
            return SeatRefusal.UNAVAILABLE.label();
        }
        // The joining player is already counted among the authenticated.
        if (players.getAsInt() > capacity) {
            seats.refuse(SeatRefusal.UNAVAILABLE);
            return "room full";
        }
        SeatRefusal why = seats.claim(reservation, roomId, session.playerId());
        if (why != null) {
            return why.label();
        }
        granted.run();
        return null;
    }

    @Override
    public boolean seatRequired() {
        return required;
    }

    @Override
    public String unseated(Session session) {
        seats.refuse(SeatRefusal.MISSING);
        return SeatRefusal.MISSING.label();
    }
}
