package dev.aetheris.testkit;

import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.InputVerdict;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.ReplicationSink;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicatedWorld;

/**
 * A world that forwards every call to another; a test overrides the calls it wants to watch or
 * disturb (a tick held inside {@link #simulate}, say) and keeps the real world's behaviour for
 * the rest.
 *
 * <p><b>Threading.</b> As {@link ReplicatedWorld}: confined to its room's loop thread.
 */
public class ForwardingWorld implements ReplicatedWorld {
    /** The world every call goes to. */
    protected final ReplicatedWorld delegate;

    /** @param delegate the world every call goes to */
    public ForwardingWorld(ReplicatedWorld delegate) {
        this.delegate = delegate;
    }

    @Override
    public EntityStore store() {
        return delegate.store();
    }

    @Override
    public void advanceTick() {
        delegate.advanceTick();
    }

    @Override
    public InputVerdict applyInput(long clientId, long networkId, InputCommandBuffer input) {
        return delegate.applyInput(clientId, networkId, input);
    }

    @Override
    public void simulate() {
        delegate.simulate();
    }

    @Override
    public void extractChanges(ReplicationSink sink) {
        delegate.extractChanges(sink);
    }

    @Override
    public void extractReliableEvents(ReliableEventSink sink) {
        delegate.extractReliableEvents(sink);
    }

    @Override
    public void postExtract() {
        delegate.postExtract();
    }

    @Override
    public void writeVisibleState(long clientId, ReplicationSink sink) {
        delegate.writeVisibleState(clientId, sink);
    }

    @Override
    public long spawnKind(int entityKind, float x, float y, float rot, long clientId) throws WorldException {
        return delegate.spawnKind(entityKind, x, y, rot, clientId);
    }

    @Override
    public long spawnSessionShip(int entityKind, float x, float y, float rot, long clientId) throws WorldException {
        return delegate.spawnSessionShip(entityKind, x, y, rot, clientId);
    }

    @Override
    public boolean despawn(long networkId) {
        return delegate.despawn(networkId);
    }

    @Override
    public boolean isAlive(long networkId) {
        return delegate.isAlive(networkId);
    }

    @Override
    public int stressTest(int count, boolean rotate) {
        return delegate.stressTest(count, rotate);
    }

    @Override
    public void clearWorld() {
        delegate.clearWorld();
    }

    @Override
    public long entityRoom(long networkId) {
        return delegate.entityRoom(networkId);
    }

    @Override
    public long clientRoom(long clientId) {
        return delegate.clientRoom(clientId);
    }

    @Override
    public void removeClient(long clientId) {
        delegate.removeClient(clientId);
    }

    @Override
    public void queueReliableEvent(long targetClientId, GameEvent event) {
        delegate.queueReliableEvent(targetClientId, event);
    }

    @Override
    public int entityCount() {
        return delegate.entityCount();
    }

    @Override
    public long stateHash() {
        return delegate.stateHash();
    }
}
