package dev.aetheris.fleet;

/**
 * A seat the directory holds for a player: the room and the node that runs it.
 *
 * @param room      the room (possibly just created in the directory, not yet on its node)
 * @param node      its node, with the addresses the client connects to
 * @param nonce     the reservation's nonce, held against the room's capacity until used or expired
 * @param expiresAt wall-clock milliseconds
 */
public record Seat(RoomInfo room, NodeInfo node, String nonce, long expiresAt) {
}
