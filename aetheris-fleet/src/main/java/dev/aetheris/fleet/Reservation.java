package dev.aetheris.fleet;

/**
 * What a seat reservation grants: one player, one seat in one room on one node, until a deadline.
 * Carried to the client as a signed string ({@link SeatTokens}); the nonce makes it single-use.
 *
 * @param roomId    the room
 * @param nodeId    the node that runs it (the only one that honours the reservation)
 * @param kind      the room's kind, so the node can create the room on first join
 * @param playerId  the player it was issued to
 * @param expiresAt wall-clock milliseconds after which it is refused
 * @param nonce     random, unique per reservation
 */
public record Reservation(String roomId, String nodeId, String kind, String playerId, long expiresAt, String nonce) {
}
