package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.Replicator;

/**
 * The tick's Send stage for a world that keeps its state in an {@link EntityStore}: keeps the
 * replication core's clients in step with the registry (authenticated clients, their room and
 * ship), routes reliable game events to the clients that can see the entity they are about plus
 * the owners involved (a broadcast about no entity still goes to everyone; a targeted event to
 * its target), then runs {@link StoreReplication#send()}: every tick, since with a state rate
 * below the tick rate each client has its own phase. Events are routed
 * before the state send, so the clients that saw an entity die still hear of its death.
 * Room-loop thread only; allocation-free in steady state.
 */
final class StoreFanOut {
    private final StoreReplication replication;
    private final Replicator replicator;
    private final EntityStore store;
    private final WorldState world;
    private final Sender sender;
    private final TransportCapacity capacity;
    private long[] viewers = new long[64];

    StoreFanOut(StoreReplication replication, EntityStore store, WorldState world, Sender sender,
                TransportCapacity capacity) {
        this.replication = replication;
        this.capacity = capacity;
        this.replicator = replication.replicator();
        this.store = store;
        this.world = world;
        this.sender = sender;
    }

    void send(Outbox box, ClientRegistry clients) {
        syncClients(clients);
        for (int e = 0; e < box.events; e++) {
            route(box, e, clients);
        }
        replication.send();
    }

    private void syncClients(ClientRegistry clients) {
        for (int i = replicator.clientCount() - 1; i >= 0; i--) {
            long id = replicator.viewAt(i).clientId();
            ClientState c = clients.get(id);
            if (c == null || !c.authenticated()) {
                replication.removeClient(id);
            }
        }
        for (int i = 0; i < clients.capacity(); i++) {
            ClientState c = clients.at(i);
            if (c != null && c.authenticated()) {
                if (replicator.view(c.id) == null) {
                    replication.addClient(c.id);
                }
                replicator.setRoom(c.id, world.clientRoom(c.id));
                replicator.setFocus(c.id, c.ship);
                replicator.setTransportCapacity(c.id, capacity.bytesPerSend(c.id));
            }
        }
        if (viewers.length < replicator.clientCount() + 2) {
            viewers = new long[Math.max(viewers.length * 2, replicator.clientCount() + 2)];
        }
    }

    private void route(Outbox box, int e, ClientRegistry clients) {
        long target = box.eventTarget[e];
        long subject = box.eventSubject[e];
        int n = 0;
        if (target != ReliableEventSink.BROADCAST) {
            viewers[n++] = target;
        } else if (subject == 0) {
            for (int i = 0; i < replicator.clientCount(); i++) {
                viewers[n++] = replicator.viewAt(i).clientId();
            }
        } else {
            n = replicator.viewersOf(subject, viewers);
            n = addOwner(n, subject);
            n = addOwner(n, box.eventOther[e]);
        }
        for (int i = 0; i < n; i++) {
            ClientState c = clients.get(viewers[i]);
            if (c != null && c.authenticated()) {
                sender.reliable(c.id, box.eventArena, box.eventOffset[e], box.eventLength[e]);
            }
        }
    }

    /** Adds the owner of {@code entity} to the first {@code n} recipients unless it is there. */
    private int addOwner(int n, long entity) {
        int index = entity == 0 ? EntityStore.NONE : store.indexOf(entity);
        if (index == EntityStore.NONE || store.owner(index) == 0) {
            return n;
        }
        long owner = store.owner(index);
        for (int i = 0; i < n; i++) {
            if (viewers[i] == owner) {
                return n;
            }
        }
        viewers[n] = owner;
        return n + 1;
    }
}
