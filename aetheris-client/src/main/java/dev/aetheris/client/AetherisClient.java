package dev.aetheris.client;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.codec.compact.SchemaMessage;
import dev.aetheris.codec.compact.SnapshotDecoder;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.fragment.Reassembler;
import dev.aetheris.transport.NettyGameTransport;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientListener;
import dev.aetheris.transport.client.ClientTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A game client: logs in, connects over QUIC, WebTransport or WebSocket, authenticates, starts a session, waits
 * for {@code Possession}, then sends inputs and pings and keeps a {@link StateMirror} of what the
 * server replicates.
 *
 * <p><b>Threading.</b> Messages are handled on the connection's event loop. {@link #sendInput},
 * {@link #ping} and the other methods may be called from any thread.
 *
 * <p>Inputs are sent as a {@code ReplicationBatch} of the last {@value #REDUNDANCY} input commands,
 * so one lost datagram loses no input (the server's anti-replay drops the repeats).
 *
 * <p>With codec v2 (the default, {@link ClientOptions#codec()}) the client sends a HELLO before
 * {@code Auth}, decodes snapshots against its ring of baselines and acks the newest one in front
 * of every input and ping (see docs/protocol/v2.md), and with a bare ack when no input carried one
 * for 50 ms, so the server's baseline keeps up.
 */
public final class AetherisClient implements ClientListener, AutoCloseable {
    /** Input commands repeated in every input packet. */
    public static final int REDUNDANCY = 3;

    /** Where the client is in its life. */
    public enum Phase { CONNECTING, AUTHENTICATING, POSSESSED, CLOSED }

    private final MsgpackCodec codec = new MsgpackCodec();
    private final StateMirror mirror = new StateMirror();
    private final ClientStats stats = new ClientStats();
    private final Reassembler reassembler = new Reassembler();
    private final CompletableFuture<Long> possessed = new CompletableFuture<>();
    private final ConcurrentHashMap<Long, Long> pingsInFlight = new ConcurrentHashMap<>();
    private final ArrayDeque<ReplicationEvent> recentInputs = new ArrayDeque<>();
    private final byte[] payloadScratch = new byte[512];
    private final byte[] sendScratch = new byte[2048];
    private volatile ClientConnection connection;
    private volatile Phase phase = Phase.CONNECTING;
    private volatile long ship;
    private volatile String closeReason;
    private volatile Consumer<GameEvent> gameEvents = e -> { };
    private long startSessionNanos;
    private long inputTick;
    private long pingSeq;

    private final boolean mirrorState;
    private final boolean compact;
    private SnapshotDecoder decoder;
    private CompactMirror compactMirror;
    private volatile long snapshotAck;
    private volatile long lastAckNanos;
    /** Bare acks at most this often when no input carried one (baselines stay within 31 snapshots). */
    private static final long ACK_EVERY_NANOS = 50_000_000L;

    private AetherisClient(boolean mirrorState, boolean compact) {
        this.mirrorState = mirrorState;
        this.compact = compact;
    }

    /**
     * Logs in (dev login unless a token is given), connects, sends {@code Auth}, {@code JoinRoom}
     * if the options carry a reservation, and {@code StartSession}; completes with the client once it possesses its ship.
     */
    public static CompletableFuture<AetherisClient> connect(ClientTransport transport, LoginApi login,
                                                            ClientOptions options) {
        return connect(transport, login, options, true);
    }

    /**
     * As {@link #connect(ClientTransport, LoginApi, ClientOptions)}; with {@code mirrorState}
     * false the client only counts the bytes of state batches instead of mirroring them (load
     * tools run many such clients next to a few that check state).
     */
    public static CompletableFuture<AetherisClient> connect(ClientTransport transport, LoginApi login,
                                                            ClientOptions options, boolean mirrorState) {
        AetherisClient client = new AetherisClient(mirrorState, options.codec().equals("v2"));
        CompletableFuture<String> token = options.token() != null
                ? CompletableFuture.completedFuture(options.token())
                : login.devLogin(options.name(), options.admin());
        return token.thenCompose(t -> client.open(transport, login, options)
                        .thenApply(c -> {
                            client.connection = c;
                            client.phase = Phase.AUTHENTICATING;
                            if (client.compact) {
                                byte[] hello = new byte[3];
                                CompactFrames.writeHello(hello, 0);
                                c.sendReliable(hello, 0, hello.length);
                            }
                            client.sendEvent(new WireEvent.Auth(t), true);
                            if (options.reservation() != null) {
                                client.sendEvent(new WireEvent.JoinRoom(options.reservation()), true);
                            }
                            synchronized (client) {
                                client.startSessionNanos = System.nanoTime();
                            }
                            client.sendEvent(new WireEvent.StartSession(), true);
                            return client;
                        }))
                .thenCompose(c -> c.possessed.thenApply(ship -> c));
    }

    private CompletableFuture<ClientConnection> open(ClientTransport transport, LoginApi login, ClientOptions o) {
        if (o.transport().equals("ws")) {
            return transport.connectWebSocket(URI.create("ws://" + o.host() + ":" + o.httpPort() + "/ws"), this);
        }
        if (o.transport().equals("wt")) {
            URI wt = URI.create("https://" + o.host() + ":" + o.quicPort() + NettyGameTransport.WT_PATH);
            return login.devCertificateSha256().thenCompose(sha -> transport.connectWebTransport(wt, sha, this));
        }
        return login.devCertificateSha256().thenCompose(sha ->
                transport.connectQuic(new InetSocketAddress(o.host(), o.quicPort()), sha, this));
    }

    /** The ship this client controls (0 before possession). */
    public long ship() {
        return ship;
    }

    /** Where the client is. */
    public Phase phase() {
        return phase;
    }

    /** What the server replicated to this client. */
    public StateMirror mirror() {
        return mirror;
    }

    /** This client's figures. */
    public ClientStats stats() {
        return stats;
    }

    /** Why the connection closed, or {@code null} while open. */
    public String closeReason() {
        return closeReason;
    }

    /** Receives gameplay events (damage, death, respawn…) on the network thread. */
    public void onGameEvent(Consumer<GameEvent> listener) {
        this.gameEvents = listener;
    }

    /**
     * Sends this tick's input: move axes in [−1, 1] and the trigger, together with the previous
     * {@value #REDUNDANCY}−1 inputs.
     *
     * @return false if the connection could not take the packet
     */
    public synchronized boolean sendInput(float moveX, float moveY, boolean fire) {
        long s = ship;
        ClientConnection c = connection;
        if (s == 0 || c == null) {
            return false;
        }
        long t = ++inputTick;
        ComponentWriter w = codec.componentWriter(Components.INPUT_COMMAND, payloadScratch, 0, payloadScratch.length);
        w.uint(t).sequence(fire ? 2 : 1).variant(Components.INPUT_MOVE).f32(moveX).f32(moveY);
        if (fire) {
            w.variant(Components.INPUT_FIRE_PRIMARY);
        }
        w.uint(fire ? InputCommand.ACTION_FIRE_WEAPON : 0).none().end();
        recentInputs.addLast(new ReplicationEvent(s, Components.INPUT_COMMAND.kind(),
                Arrays.copyOf(payloadScratch, codec.componentLength()), t));
        while (recentInputs.size() > REDUNDANCY) {
            recentInputs.removeFirst();
        }
        boolean ok = send(new WireEvent.ReplicationBatch(List.copyOf(recentInputs)), false, true);
        if (ok) {
            stats.inputsSent.incrementAndGet();
        }
        return ok;
    }

    /** Sends a Ping; the Pong's round trip lands in {@link ClientStats#rttSamples()}. */
    public void ping() {
        long seq;
        synchronized (this) {
            seq = ++pingSeq;
        }
        pingsInFlight.put(seq, System.nanoTime());
        send(new WireEvent.Ping(seq), false, true);
    }

    /** Codec v2: sends a bare ack of the newest decoded snapshot; false on v1 or if not sent. */
    public boolean acknowledge() {
        ClientConnection c = connection;
        if (!compact || c == null) {
            return false;
        }
        byte[] header = new byte[CompactFrames.INPUT_HEADER];
        CompactFrames.writeInputHeader(snapshotAck, header, 0);
        lastAckNanos = System.nanoTime();
        return c.sendUnreliable(header, 0, header.length);
    }

    /** Codec v2: the newest snapshot decoded (what the next input acks), 0 if none. */
    public long snapshotAck() {
        return snapshotAck;
    }

    /** Sends any event (e.g. admin commands); false if the connection could not take it. */
    public boolean sendEvent(WireEvent event, boolean reliable) {
        return send(event, reliable, false);
    }

    /** With codec v2 and {@code ack}, the event goes behind an INPUT header acking the newest snapshot. */
    private boolean send(WireEvent event, boolean reliable, boolean ack) {
        ClientConnection c = connection;
        if (c == null) {
            return false;
        }
        synchronized (sendScratch) {
            int n = 0;
            if (compact && ack) {
                n = CompactFrames.writeInputHeader(snapshotAck, sendScratch, 0);
                lastAckNanos = System.nanoTime();
            }
            try {
                n += codec.encodeEvent(event, sendScratch, n);
            } catch (CodecException e) {
                throw new IllegalArgumentException("cannot encode " + event.variantName() + ": " + e.getMessage(), e);
            }
            return reliable ? c.sendReliable(sendScratch, 0, n) : c.sendUnreliable(sendScratch, 0, n);
        }
    }

    @Override
    public void onMessage(byte[] data, boolean reliable) {
        stats.bytesIn.addAndGet(data.length);
        stats.messagesIn.incrementAndGet();
        handle(data, false);
    }

    private void handle(byte[] data, boolean reassembled) {
        if (CompactFrames.isCompact(data, 0, data.length)) {
            handleCompact(data);
            return;
        }
        WireEvent event;
        try {
            // State batches are most of the traffic: scan them in place, straight into the mirror.
            if (!mirrorState && MsgpackCodec.isReplicationBatch(data, 0, data.length)) {
                return;
            }
            if (codec.visitBatch(data, 0, data.length, mirror)) {
                return;
            }
            event = codec.decodeEvent(data, 0, data.length);
        } catch (CodecException e) {
            stats.decodeErrors.incrementAndGet();
            return;
        }
        switch (event) {
            case WireEvent.ReplicationBatch batch -> {
                for (ReplicationEvent r : batch.events()) {
                    mirror.apply(r);
                }
            }
            case WireEvent.EntitySpawned s -> mirror.spawned(s.networkId(), s.kind());
            case WireEvent.EntityDespawned d -> mirror.despawned(d.networkId());
            case WireEvent.ClearWorld c -> mirror.clear();
            case WireEvent.Pong pong -> {
                Long sent = pingsInFlight.remove(pong.tick());
                if (sent != null) {
                    stats.rtt((System.nanoTime() - sent) / 1e6);
                }
            }
            case WireEvent.GameEvent g -> onGame(g.event());
            case WireEvent.Fragment f -> {
                if (!reassembled) {
                    byte[] whole;
                    synchronized (reassembler) {
                        whole = reassembler.ingest(1, f.fragment());
                        reassembler.prune();
                    }
                    if (whole != null) {
                        handle(whole, true);
                    }
                }
            }
            case WireEvent.Ping p -> sendEvent(new WireEvent.Pong(p.tick()), false);
            case WireEvent.Auth a -> stats.decodeErrors.incrementAndGet();
            case WireEvent.JoinRoom j -> stats.decodeErrors.incrementAndGet();
            case WireEvent.StartSession s -> stats.decodeErrors.incrementAndGet();
            case WireEvent.RequestSystemManifest r -> stats.decodeErrors.incrementAndGet();
            case WireEvent.StressTest s -> stats.decodeErrors.incrementAndGet();
            case WireEvent.Spawn s -> stats.decodeErrors.incrementAndGet();
        }
    }

    /** Codec v2 from the server: the schema once, then snapshots (event-loop thread). */
    private void handleCompact(byte[] data) {
        try {
            switch (CompactFrames.type(data, 0)) {
                case CompactFrames.SCHEMA -> {
                    decoder = new SnapshotDecoder(SchemaMessage.decode(data, 0, data.length));
                    compactMirror = new CompactMirror(mirror, decoder.schema());
                }
                case CompactFrames.SNAPSHOT -> {
                    if (!mirrorState) {
                        // Count-only: ack without decoding; the server deltas against it, this client keeps nothing.
                        snapshotAck = Math.max(snapshotAck, SnapshotFormat.sequence(data, 0, data.length));
                    } else if (decoder != null && decoder.decode(data, 0, data.length, compactMirror)) {
                        snapshotAck = decoder.newestSequence();
                    }
                    long now = System.nanoTime();
                    if (now - lastAckNanos > ACK_EVERY_NANOS) {
                        acknowledge(); // no input carried an ack lately: keep the server's baseline recent
                    }
                }
                default -> stats.decodeErrors.incrementAndGet();
            }
        } catch (CodecException e) {
            stats.decodeErrors.incrementAndGet();
        }
    }

    private void onGame(GameEvent e) {
        if (e instanceof GameEvent.Possession p) {
            ship = p.networkId();
            if (phase != Phase.POSSESSED) {
                long started;
                synchronized (this) {
                    started = startSessionNanos;
                }
                stats.timeToPossessMs = (System.nanoTime() - started) / 1e6;
                phase = Phase.POSSESSED;
            }
            possessed.complete(p.networkId());
        } else if (e instanceof GameEvent.RespawnEvent) {
            // Sent to the owner only: a fresh ship is waiting; take it.
            startSession();
        }
        gameEvents.accept(e);
    }

    @Override
    public void onClosed(String reason) {
        closeReason = reason == null ? "closed" : reason;
        phase = Phase.CLOSED;
        possessed.completeExceptionally(new IllegalStateException("connection closed before possession: " + closeReason));
    }

    /** Asks for a new ship after death (the server answers with a new Possession). */
    public void startSession() {
        synchronized (this) {
            startSessionNanos = System.nanoTime();
        }
        sendEvent(new WireEvent.StartSession(), true);
    }

    @Override
    public void close() {
        ClientConnection c = connection;
        if (c != null) {
            c.close();
        }
        phase = Phase.CLOSED;
    }
}
