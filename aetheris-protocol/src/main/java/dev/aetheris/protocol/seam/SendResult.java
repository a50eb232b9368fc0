package dev.aetheris.protocol.seam;

/** Outcome of a send. A constant, so reporting it allocates nothing. */
public enum SendResult {
    /** Queued for delivery. */
    SENT,
    /** The client is not (or no longer) connected. */
    NOT_CONNECTED,
    /** The message exceeds the channel's size limit. */
    TOO_LARGE,
    /** The client's outbound queue is full: unreliable data was dropped, or a reliable message could not be queued. */
    QUEUE_FULL
}
