package dev.aetheris.protocol.event;

import dev.aetheris.protocol.ClientId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything the tick loop can learn from a transport: connection lifecycle, raw messages and
 * decoded protocol events, each tagged with the client it concerns. Names follow upstream v0.2.16.
 *
 * <p>The allocation-free path through {@code GameTransport.poll} delivers the same facts as
 * callbacks; these records are the value form used by tests, tools and the client library.
 */
public sealed interface NetworkEvent {

    /** The client this event concerns. */
    ClientId client();

    /**
     * The over-the-wire form, or empty for local-only events (connection lifecycle and raw
     * messages), which no codec can encode.
     */
    default Optional<WireEvent> toWireEvent() {
        return Optional.empty();
    }

    /** A connection opened; it is not authenticated yet. @param client the new connection */
    record ClientConnected(ClientId client) implements NetworkEvent {
    }

    /** The client closed its connection. @param client the connection */
    record ClientDisconnected(ClientId client) implements NetworkEvent {
    }

    /** The transport dropped the connection (timeout, error, kick). @param client the connection */
    record Disconnected(ClientId client) implements NetworkEvent {
    }

    /** A WebTransport/QUIC session ended. @param client the connection */
    record SessionClosed(ClientId client) implements NetworkEvent {
    }

    /** The reliable stream was reset by the peer. @param client the connection */
    record StreamReset(ClientId client) implements NetworkEvent {
    }

    /**
     * Raw bytes received unreliably.
     *
     * @param client sender
     * @param data   the bytes (owned by the event)
     */
    record UnreliableMessage(ClientId client, byte[] data) implements NetworkEvent {
        @Override
        public boolean equals(Object o) {
            return o instanceof UnreliableMessage m && m.client.equals(client) && Arrays.equals(m.data, data);
        }

        @Override
        public int hashCode() {
            return client.hashCode() * 31 + Arrays.hashCode(data);
        }
    }

    /**
     * Raw bytes received on the reliable, ordered channel.
     *
     * @param client sender
     * @param data   the bytes (owned by the event)
     */
    record ReliableMessage(ClientId client, byte[] data) implements NetworkEvent {
        @Override
        public boolean equals(Object o) {
            return o instanceof ReliableMessage m && m.client.equals(client) && Arrays.equals(m.data, data);
        }

        @Override
        public int hashCode() {
            return client.hashCode() * 31 + Arrays.hashCode(data);
        }
    }

    /** @param client sender @param tick opaque value to echo */
    record Ping(ClientId client, long tick) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.Ping(tick));
        }
    }

    /** @param client receiver @param tick the echoed value */
    record Pong(ClientId client, long tick) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.Pong(tick));
        }
    }

    /** @param client sender @param sessionToken the presented token */
    record Auth(ClientId client, String sessionToken) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.Auth(sessionToken));
        }

        @Override
        public String toString() {
            return "Auth[client=" + client + ", sessionToken=<" + sessionToken.length() + " chars>]";
        }
    }

    /** @param client sender @param reservation the presented seat reservation */
    record JoinRoom(ClientId client, String reservation) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.JoinRoom(reservation));
        }

        @Override
        public String toString() {
            return "JoinRoom[client=" + client + ", reservation=<" + reservation.length() + " chars>]";
        }
    }

    /** @param client sender @param fragment the piece */
    record Fragment(ClientId client, FragmentedEvent fragment) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.Fragment(fragment));
        }
    }

    /** @param client sender @param count requested entities (u16) @param rotate spin them */
    record StressTest(ClientId client, int count, boolean rotate) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.StressTest(count, rotate));
        }
    }

    /** @param client sender @param entityType kind @param x x @param y y @param rot radians */
    record Spawn(ClientId client, int entityType, float x, float y, float rot) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.Spawn(entityType, x, y, rot));
        }
    }

    /** @param client sender (or receiver of the acknowledgement) */
    record ClearWorld(ClientId client) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.ClearWorld());
        }
    }

    /** @param client sender */
    record StartSession(ClientId client) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.StartSession());
        }
    }

    /** @param client sender */
    record RequestSystemManifest(ClientId client) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.RequestSystemManifest());
        }
    }

    /** @param client sender or receiver @param event the gameplay event */
    record GameEvent(ClientId client, dev.aetheris.protocol.event.GameEvent event) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.GameEvent(event));
        }
    }

    /** @param client sender or receiver @param events the updates (copied) */
    record ReplicationBatch(ClientId client, List<ReplicationEvent> events) implements NetworkEvent {
        /** Copies the list. */
        public ReplicationBatch {
            events = List.copyOf(events);
        }

        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.ReplicationBatch(events));
        }
    }

    /** @param client receiver @param networkId entity @param kind entity kind */
    record EntitySpawned(ClientId client, long networkId, int kind) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.EntitySpawned(networkId, kind));
        }
    }

    /** @param client receiver @param networkId entity */
    record EntityDespawned(ClientId client, long networkId) implements NetworkEvent {
        @Override
        public Optional<WireEvent> toWireEvent() {
            return Optional.of(new WireEvent.EntityDespawned(networkId));
        }
    }
}
