package dev.aetheris.protocol.event;

import dev.aetheris.protocol.ClientId;
import java.util.List;

/**
 * The events that cross the wire, without the local {@code client_id}. Variant names are upstream
 * v0.2.22's (plus {@code EntitySpawned}/{@code EntityDespawned} from v0.2.23); codecs write them, so
 * a rename is a wire break. Unsigned wire integers are carried in wider Java types.
 */
public sealed interface WireEvent {

    /** Upstream variant name written on the wire. */
    default String variantName() {
        return getClass().getSimpleName();
    }

    /**
     * Attaches the sender, giving the local event the tick loop handles.
     *
     * @param client who sent it (never the reserved 0)
     */
    NetworkEvent toNetworkEvent(ClientId client);

    /** Latency probe from a client. @param tick an opaque client value echoed in the {@link Pong} */
    record Ping(long tick) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.Ping(client, tick);
        }
    }

    /** The server's answer to a {@link Ping}. @param tick the client's value, echoed */
    record Pong(long tick) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.Pong(client, tick);
        }
    }

    /** First message of every connection. @param sessionToken a signed session token */
    record Auth(String sessionToken) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.Auth(client, sessionToken);
        }

        @Override
        public String toString() {
            return "Auth[sessionToken=<" + sessionToken.length() + " chars>]";
        }
    }

    /**
     * Sent after {@link Auth} and before {@code StartSession} to take the seat a matchmaker
     * reserved; a connection that never sends it plays in the node's default room. This project's
     * addition: upstream clients do not know it and need not.
     *
     * @param reservation the opaque, signed, single-use reservation from {@code POST /v1/matchmake}
     */
    record JoinRoom(String reservation) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.JoinRoom(client, reservation);
        }

        @Override
        public String toString() {
            return "JoinRoom[reservation=<" + reservation.length() + " chars>]";
        }
    }

    /** A piece of a larger message. @param fragment the piece */
    record Fragment(FragmentedEvent fragment) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.Fragment(client, fragment);
        }
    }

    /**
     * Privileged: spawn many moving entities.
     *
     * @param count  how many (u16; the server caps it)
     * @param rotate whether they spin
     */
    record StressTest(int count, boolean rotate) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.StressTest(client, count, rotate);
        }
    }

    /**
     * Privileged: spawn one entity.
     *
     * @param entityType entity kind (u16)
     * @param x          position x
     * @param y          position y
     * @param rot        rotation in radians
     */
    record Spawn(int entityType, float x, float y, float rot) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.Spawn(client, entityType, x, y, rot);
        }
    }

    /** Privileged: despawn everything (also the server's reliable acknowledgement). */
    record ClearWorld() implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.ClearWorld(client);
        }
    }

    /** Ask for a session ship; answered with a {@code Possession}. */
    record StartSession() implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.StartSession(client);
        }
    }

    /** Ask for the {@code SystemManifest}. */
    record RequestSystemManifest() implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.RequestSystemManifest(client);
        }
    }

    /** A gameplay event. @param event the event */
    record GameEvent(dev.aetheris.protocol.event.GameEvent event) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.GameEvent(client, event);
        }
    }

    /**
     * Several component updates in one datagram.
     *
     * @param events the updates, in order; the list is copied
     */
    record ReplicationBatch(List<ReplicationEvent> events) implements WireEvent {
        /** Copies the list. */
        public ReplicationBatch {
            events = List.copyOf(events);
        }

        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.ReplicationBatch(client, events);
        }
    }

    /**
     * An entity appeared for the receiving client.
     *
     * @param networkId the entity
     * @param kind      its entity kind (u16)
     */
    record EntitySpawned(long networkId, int kind) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.EntitySpawned(client, networkId, kind);
        }
    }

    /** An entity is gone for the receiving client. @param networkId the entity */
    record EntityDespawned(long networkId) implements WireEvent {
        @Override
        public NetworkEvent toNetworkEvent(ClientId client) {
            return new NetworkEvent.EntityDespawned(client, networkId);
        }
    }
}
