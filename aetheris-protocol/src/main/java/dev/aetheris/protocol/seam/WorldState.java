package dev.aetheris.protocol.seam;

import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;

/**
 * The simulation the tick loop drives: everything the seed's tick calls on its world.
 *
 * <p><b>Threading.</b> Confined to its room's loop thread; no method is thread-safe.
 *
 * <p><b>Allocation.</b> {@link #advanceTick}, {@link #applyInput(long, long, InputCommandBuffer)},
 * {@link #simulate}, {@link #extractChanges}, {@link #postExtract} and {@link #stateHash} allocate
 * nothing in steady state.
 *
 * <p>Rooms: an entity or client is in at most one room ({@link #NO_ROOM} otherwise). A client sees
 * entities of its own room and entities in no room.
 */
public interface WorldState {
    /** "Not in any room." */
    long NO_ROOM = 0L;

    /** Advances the world's change tick: once per tick that runs, after its poll and before inputs. */
    void advanceTick();

    /**
     * Applies a client's input to an entity. Only the owner's input on its own session ship is
     * accepted; values are validated (finite, clamped axes, known action bits, anti-replay window),
     * and a refused input changes nothing. The buffer is only valid during the call: copy what is
     * kept. Called on the tick for every input a client sends, so it allocates nothing.
     *
     * @return {@link InputVerdict#ACCEPTED}, or why the input was refused
     */
    InputVerdict applyInput(long clientId, long networkId, InputCommandBuffer input);

    /**
     * {@link #applyInput(long, long, InputCommandBuffer)} for a record (tools and tests; it
     * allocates a buffer).
     *
     * @throws WorldException if the input is refused: {@link WorldError.EntityNotFound} for an id
     *                        that names no live entity, {@link WorldError.InvalidInput} with the
     *                        verdict's reason otherwise
     */
    default void applyInput(long clientId, long networkId, InputCommand input) throws WorldException {
        InputVerdict v = applyInput(clientId, networkId, new InputCommandBuffer().set(input));
        switch (v) {
            case ACCEPTED -> {
            }
            case NO_SUCH_ENTITY -> throw new WorldException(new WorldError.EntityNotFound(networkId));
            default -> throw new WorldException(new WorldError.InvalidInput(v.reason()));
        }
    }

    /** Runs one fixed step of the simulation. */
    void simulate();

    /**
     * Reports what changed since the last {@link #postExtract}: spawns, despawns, then changed
     * component values. Costs O(changes), not O(entities).
     */
    void extractChanges(ReplicationSink sink);

    /** Drains the reliable events queued since the last extraction. */
    void extractReliableEvents(ReliableEventSink sink);

    /** Clears change tracking after extraction. */
    void postExtract();

    /**
     * Writes the full current state a client may see (spawn notices and every replicated
     * component), for late joiners and room entry.
     */
    void writeVisibleState(long clientId, ReplicationSink sink);

    /**
     * Privileged spawn of one entity owned by {@code clientId} (tracked for cleanup by the caller).
     *
     * @return the new entity's network id
     * @throws WorldException if the kind is unknown, a value is not finite, or the entity cap is reached
     */
    long spawnKind(int entityKind, float x, float y, float rot, long clientId) throws WorldException;

    /**
     * Spawns the ship a client controls and places the client in the ship's room.
     *
     * @return the ship's network id
     * @throws WorldException if the entity cap is reached
     */
    long spawnSessionShip(int entityKind, float x, float y, float rot, long clientId) throws WorldException;

    /** Removes an entity; false if it was not alive. */
    boolean despawn(long networkId);

    /** Whether {@code networkId} names a live entity. */
    boolean isAlive(long networkId);

    /** Spawns up to {@code count} moving entities, within the world-wide cap. @return how many were spawned */
    int stressTest(int count, boolean rotate);

    /** Despawns every entity. Network ids are never reused afterwards. */
    void clearWorld();

    /** The entity's room, or {@link #NO_ROOM}. */
    long entityRoom(long networkId);

    /** The client's room, or {@link #NO_ROOM}. */
    long clientRoom(long clientId);

    /** Forgets a client that left (room membership, input state). Its entities are despawned by the caller. */
    void removeClient(long clientId);

    /** Queues a reliable event for {@code targetClientId} or {@link ReliableEventSink#BROADCAST}. */
    void queueReliableEvent(long targetClientId, GameEvent event);

    /** Live entities. */
    int entityCount();

    /** A deterministic hash of the simulation state (same seed and inputs, same hash). */
    long stateHash();
}
