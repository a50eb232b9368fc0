package dev.aetheris.client;

/**
 * Where and how a client connects.
 *
 * @param host      server host name or address
 * @param httpPort  HTTP + WebSocket port
 * @param quicPort  QUIC UDP port (native QUIC and WebTransport)
 * @param transport {@code ws}, {@code quic} or {@code wt} (WebTransport)
 * @param name      display name for the dev login
 * @param token     a session token, or {@code null} to use the dev login (dev servers only)
 * @param admin     ask the dev login for the admin role
 * @param codec     {@code v2} (compact snapshots, the default) or {@code v1} (MessagePack records)
 * @param reservation a seat reservation from {@code POST /v1/matchmake} sent as {@code JoinRoom}
 *                  after {@code Auth}, or {@code null} to play in the server's default room
 */
public record ClientOptions(String host, int httpPort, int quicPort, String transport, String name, String token,
                            boolean admin, String codec, String reservation) {

    /** Options with codec v2, without a reservation: the client plays in the default room. */
    public ClientOptions(String host, int httpPort, int quicPort, String transport, String name, String token,
                         boolean admin) {
        this(host, httpPort, quicPort, transport, name, token, admin, "v2", null);
    }

    /** Validates, naming the bad setting. */
    public ClientOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("server: a host name or address is required");
        }
        if (httpPort < 1 || httpPort > 65_535) {
            throw new IllegalArgumentException("http-port must be 1..65535, got " + httpPort);
        }
        if (!transport.equals("ws") && !transport.equals("quic") && !transport.equals("wt")) {
            throw new IllegalArgumentException("transport must be 'ws', 'quic' or 'wt', got '" + transport + "'");
        }
        if (!codec.equals("v1") && !codec.equals("v2")) {
            throw new IllegalArgumentException("codec must be 'v1' or 'v2', got '" + codec + "'");
        }
        if (!transport.equals("ws") && (quicPort < 1 || quicPort > 65_535)) {
            throw new IllegalArgumentException("quic-port must be 1..65535, got " + quicPort);
        }
    }

    /** A copy that joins the reserved seat (see {@link #reservation}). */
    public ClientOptions withReservation(String seat) {
        return new ClientOptions(host, httpPort, quicPort, transport, name, token, admin, codec, seat);
    }
}
