package dev.aetheris.server;

import dev.aetheris.fleet.SeatGate;
import dev.aetheris.fleet.SeatRefusal;
import dev.aetheris.server.metrics.MetricsSource;
import dev.aetheris.server.metrics.PrometheusText;
import dev.aetheris.server.room.Room;
import dev.aetheris.server.room.RoomManager;
import dev.aetheris.server.room.TransportMux;
import java.util.Collection;

/**
 * Per-room metrics with a {@code room} label, built at scrape time from each room's own plain
 * fields: the loops never allocate for them. The unlabeled tick metrics are the default room's.
 */
final class RoomMetrics implements MetricsSource {
    private final RoomManager rooms;
    private final SeatGate seats;
    private final TransportMux mux;

    RoomMetrics(RoomManager rooms, SeatGate seats, TransportMux mux) {
        this.rooms = rooms;
        this.seats = seats;
        this.mux = mux;
    }

    @Override
    public void appendPrometheus(StringBuilder out) {
        PrometheusText p = new PrometheusText(out);
        Collection<Room> all = rooms.rooms();
        p.gauge("aetheris_rooms", "Rooms running in this process.", all.size());
        p.header("aetheris_room_players", "gauge", "Players with a session, per room.");
        for (Room r : all) {
            p.sample("aetheris_room_players", labels(r), r.players());
        }
        p.header("aetheris_room_ticks_total", "counter", "Ticks completed, per room.");
        for (Room r : all) {
            p.sample("aetheris_room_ticks_total", labels(r), r.metrics().ticks.get());
        }
        p.header("aetheris_room_tick_duration_seconds", "histogram", "Wall time of one tick, per room.");
        for (Room r : all) {
            p.histogram("aetheris_room_tick_duration_seconds", labels(r), r.metrics().tickDuration);
        }
        p.counter("aetheris_seats_granted_total", "Seat reservations used to join a room.", seats.accepted());
        p.header("aetheris_seat_refusals_total", "counter", "Seat reservations refused, by reason.");
        for (SeatRefusal why : SeatRefusal.values()) {
            p.sample("aetheris_seat_refusals_total", "reason=\"" + why.label() + "\"", seats.refused(why));
        }
        p.counter("aetheris_process_full_refusals_total", "Connections closed because the process was full.",
                mux.refusedFull());
        p.counter("aetheris_room_wait_dropped_total",
                "Messages dropped from connections waiting for their room to be built (over 4 KiB held).",
                mux.heldDropped());
    }

    private static String labels(Room r) {
        return "room=\"" + r.id() + "\",kind=\"" + r.kind() + "\"";
    }
}
