package dev.aetheris.replication;

/**
 * Turns the replication core's decisions into bytes for one wire format. Per send the core calls
 * {@link #beginSend}, then for each client {@link #beginClient}, any number of cost queries and
 * {@code enter}/{@code update}/{@code leave} calls, and {@link #endClient}; then {@link #endSend}.
 *
 * <p>Costs are asked before the core chooses what fits a client's budget, and between
 * {@code beginClient} and {@code endClient}, so a codec whose sizes depend on the client (deltas
 * against what that client acknowledged) can answer per client. A codec that encodes each
 * changed component once per send and reuses the bytes for every recipient should compute costs
 * from that cache.
 *
 * <p>Component masks use the schema's component handles (bit {@code h} = handle {@code h}) and
 * already exclude what the client may not see ({@link Visibility#OWNER} components of others).
 *
 * <p><b>Threading.</b> Called only on the room's loop thread, the thread that owns the store.
 * Implementations must not allocate per call in steady state.
 */
public interface ReplicationEncoder {

    /** A send starts; {@code store} holds the state to encode. */
    void beginSend(EntityStore store);

    /** Everything for {@code clientId} in this send follows, until {@link #endClient}. */
    void beginClient(long clientId);

    /** Bytes {@link #enter} would add: the entity's spawn notice and the given components in full. */
    int enterCost(int entity, long componentMask);

    /** Bytes {@link #update} would add for the given components. */
    int updateCost(int entity, long componentMask);

    /** Bytes {@link #leave} adds. */
    int leaveCost(long networkId);

    /** The client starts seeing the entity: its spawn and these components, in full. */
    void enter(int entity, long componentMask);

    /** These components of a known entity changed since the client was last sent them. */
    void update(int entity, long componentMask);

    /** The client must forget this entity (it left interest, changed room or was despawned). */
    void leave(long networkId);

    /** The client's part of this send is complete. @return bytes actually queued for it */
    int endClient();

    /** The send is complete. */
    void endSend();

    /**
     * Clients of the same cost group get the same answers from the cost queries for the same
     * entity and components, whoever asks: a small number ≥ 0, or -1 when the answers depend on
     * the client itself (the default). The core may hand a client whose view is in step with an
     * earlier client of its group in the same send that client's offers without asking their
     * costs again. Called between {@link #beginClient} and {@link #endClient}.
     */
    default int costGroup(long clientId) {
        return -1;
    }

    /**
     * Offers the current client exactly the enters, updates and leaves (same entities, same
     * components) that {@code referenceClientId} was offered earlier in this send, in one step;
     * called between {@link #beginClient} and {@link #endClient}, only for a reference of the
     * client's own {@link #costGroup}. Returns {@code false}, having done nothing, when
     * the encoder has no shortcut for this client; the core then makes the calls one by one.
     * The default always returns {@code false}.
     */
    default boolean repeatOffers(long referenceClientId) {
        return false;
    }
}
