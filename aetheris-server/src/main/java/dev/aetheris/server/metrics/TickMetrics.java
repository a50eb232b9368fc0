package dev.aetheris.server.metrics;

import dev.aetheris.protocol.fragment.Reassembler;
import dev.aetheris.protocol.seam.AuthResult;

/**
 * Every metric the tick loop records, under the seed's names (docs/ARCHITECTURE.md, the tick) plus the counters for
 * behaviour the seed did not have. Fields are written by the room loop and read at scrape time.
 */
public final class TickMetrics implements MetricsSource {
    /** Stage labels, in tick order. */
    public static final String[] STAGES = {"poll", "apply", "simulate", "extract", "send"};
    /** Index of each stage in {@link #stageDuration}. */
    public static final int POLL = 0;
    /** @see #POLL */
    public static final int APPLY = 1;
    /** @see #POLL */
    public static final int SIMULATE = 2;
    /** @see #POLL */
    public static final int EXTRACT = 3;
    /** @see #POLL */
    public static final int SEND = 4;

    public final Histogram tickDuration = Histogram.tickSeconds();
    public final Histogram tickCpu = Histogram.tickSeconds();
    public final Histogram[] stageDuration = {Histogram.tickSeconds(), Histogram.tickSeconds(),
        Histogram.tickSeconds(), Histogram.tickSeconds(), Histogram.tickSeconds()};
    public final Gauge actualTickRate = new Gauge();
    public final Counter packetsInbound = new Counter();
    public final Counter packetsOutbound = new Counter();
    public final Counter packetsBroadcast = new Counter();
    public final Counter bytesOutbound = new Counter();
    public final Gauge connectedClients = new Gauge();
    public final Gauge authenticatedClients = new Gauge();
    public final Counter unprivilegedPackets = new Counter();
    public final Counter sessionClosedEvents = new Counter();
    public final Counter streamResetEvents = new Counter();
    public final Counter pingsReceived = new Counter();
    public final Histogram sessionStartLatency = Histogram.seconds();
    public final Counter decodeErrors = new Counter();
    public final Counter encodeErrors = new Counter();
    public final Histogram pongDispatchMs = Histogram.millis();
    public final Histogram pingHoldMs = Histogram.millis();
    public final Counter ticksSkipped = new Counter();
    public final Counter ticks = new Counter();
    public final Counter stateSends = new Counter();
    public final Counter rejectedComponentWrites = new Counter();
    public final Counter appliedInputs = new Counter();
    public final Counter rejectedInputs = new Counter();
    public final Counter rejectedCommands = new Counter();
    public final Counter outboundDropped = new Counter();
    public final Counter reliableOverflowDisconnects = new Counter();
    public final Counter sessionsRevoked = new Counter();
    public final Counter fragmentsSent = new Counter();
    public final Counter refusedConnections = new Counter();
    public final Counter[] authRejected = new Counter[AuthResult.Reason.values().length];
    public final Gauge worldEntities = new Gauge();
    public final Counter authDroppedInFlight = new Counter();
    public final Counter authVerifierFull = new Counter();
    public final Counter authFailureCloses = new Counter();
    public final Counter authHeldDropped = new Counter();
    public final Gauge authVerifierInFlight = new Gauge();
    public final Gauge authVerifierHighWater = new Gauge();
    private volatile Reassembler reassembler;

    /** Creates every metric at zero. */
    public TickMetrics() {
        for (int i = 0; i < authRejected.length; i++) {
            authRejected[i] = new Counter();
        }
    }

    /** Lets the scrape report the reassembler's refusals. */
    public void attach(Reassembler r) {
        this.reassembler = r;
    }

    @Override
    public void appendPrometheus(StringBuilder out) {
        PrometheusText p = new PrometheusText(out);
        p.header("aetheris_tick_duration_seconds", "histogram", "Wall time of one tick.")
                .histogram("aetheris_tick_duration_seconds", "", tickDuration);
        p.header("aetheris_tick_cpu_seconds", "histogram",
                "CPU time of the room-loop thread in one tick (wall time minus this: waiting for a core).")
                .histogram("aetheris_tick_cpu_seconds", "", tickCpu);
        p.header("aetheris_stage_duration_seconds", "histogram", "Wall time of each tick stage.");
        for (int i = 0; i < STAGES.length; i++) {
            p.histogram("aetheris_stage_duration_seconds", "stage=\"" + STAGES[i] + "\"", stageDuration[i]);
        }
        p.gauge("aetheris_actual_tick_rate_hz", "Tick rate measured from the previous tick start.", actualTickRate.get());
        p.counter("aetheris_ticks_total", "Ticks completed.", ticks.get());
        p.counter("aetheris_state_sends_total", "Ticks on which state was sent (every tick in a store-backed room, whose clients take turns at the state rate).", stateSends.get());
        p.counter("aetheris_ticks_skipped_total", "Ticks skipped because the transport failed to poll.", ticksSkipped.get());
        p.counter("aetheris_packets_inbound_total", "Messages received from clients.", packetsInbound.get());
        p.counter("aetheris_packets_outbound_total", "Messages queued to clients.", packetsOutbound.get());
        p.counter("aetheris_packets_broadcast_total", "State datagrams queued to clients.", packetsBroadcast.get());
        p.counter("aetheris_bytes_outbound_total", "Payload bytes queued to clients.", bytesOutbound.get());
        p.gauge("aetheris_connected_clients", "Open connections, authenticated or not.", connectedClients.get());
        p.gauge("aetheris_authenticated_clients", "Connections with a valid session.", authenticatedClients.get());
        p.counter("aetheris_unprivileged_packets_total",
                "Messages dropped because the sender lacked a session or the privilege.", unprivilegedPackets.get());
        p.header("aetheris_transport_events_total", "counter", "Transport lifecycle events.")
                .sample("aetheris_transport_events_total", "type=\"session_closed\"", sessionClosedEvents.get())
                .sample("aetheris_transport_events_total", "type=\"stream_reset\"", streamResetEvents.get());
        p.counter("aetheris_protocol_pings_received_total", "Pings from authenticated clients.", pingsReceived.get());
        p.header("aetheris_session_start_latency_seconds", "histogram", "Server time from Auth to Possession.")
                .histogram("aetheris_session_start_latency_seconds", "", sessionStartLatency);
        p.counter("aetheris_decode_errors_total", "Messages that could not be decoded.", decodeErrors.get());
        p.counter("aetheris_encode_errors_total", "Values that could not be encoded.", encodeErrors.get());
        p.header("aetheris_server_pong_dispatch_ms", "histogram", "Time to encode and queue a Pong.")
                .histogram("aetheris_server_pong_dispatch_ms", "", pongDispatchMs);
        p.header("aetheris_server_ping_hold_ms", "histogram", "Time from Ping receipt to Pong queued.")
                .histogram("aetheris_server_ping_hold_ms", "", pingHoldMs);
        p.counter("aetheris_rejected_component_writes_total",
                "Client component updates other than the input command.", rejectedComponentWrites.get());
        p.counter("aetheris_inputs_applied_total", "Input commands the world accepted.", appliedInputs.get());
        p.counter("aetheris_rejected_inputs_total",
                "Input commands refused: by the world, or as a repeat of one it accepted.", rejectedInputs.get());
        p.counter("aetheris_rejected_commands_total", "Playground commands the world refused.", rejectedCommands.get());
        p.counter("aetheris_outbound_dropped_total", "Datagrams dropped because a client's queue was full.",
                outboundDropped.get());
        p.counter("aetheris_reliable_overflow_disconnects_total",
                "Clients disconnected because their reliable queue overflowed.", reliableOverflowDisconnects.get());
        p.counter("aetheris_sessions_revoked_total", "Clients dropped because their session was no longer valid.",
                sessionsRevoked.get());
        p.counter("aetheris_refused_connections_total", "Connections closed because the server was full.",
                refusedConnections.get());
        p.counter("aetheris_fragments_sent_total", "Fragment datagrams sent for oversize records.", fragmentsSent.get());
        p.header("aetheris_auth_rejected_total", "counter", "Auth messages refused, by reason.");
        for (AuthResult.Reason r : AuthResult.Reason.values()) {
            p.sample("aetheris_auth_rejected_total", "reason=\"" + r.name().toLowerCase(java.util.Locale.ROOT) + "\"",
                    authRejected[r.ordinal()].get());
        }
        p.gauge("aetheris_world_entities", "Live entities in the world.", worldEntities.get());
        p.counter("aetheris_auth_dropped_in_flight_total", "Auth messages dropped: that connection's previous Auth "
                + "was still being checked.", authDroppedInFlight.get());
        p.counter("aetheris_auth_verifier_full_total", "Auth messages that waited: the verifier held its maximum.",
                authVerifierFull.get());
        p.counter("aetheris_auth_failure_closes_total", "Connections closed after repeated failed Auths.",
                authFailureCloses.get());
        p.counter("aetheris_auth_held_dropped_total", "Messages dropped while their connection's Auth was checked "
                + "(over the hold limit).", authHeldDropped.get());
        p.gauge("aetheris_auth_verifier_in_flight", "Auths in the verifier (waiting, being checked, not collected).",
                authVerifierInFlight.get());
        p.gauge("aetheris_auth_verifier_in_flight_max", "The most Auths the verifier ever held at once.",
                authVerifierHighWater.get());
        Reassembler r = reassembler;
        if (r != null) {
            p.header("aetheris_fragments_rejected_total", "counter", "Inbound fragments refused, by reason.");
            for (Reassembler.Rejection why : Reassembler.Rejection.values()) {
                p.sample("aetheris_fragments_rejected_total",
                        "reason=\"" + why.name().toLowerCase(java.util.Locale.ROOT) + "\"", r.rejected(why));
            }
        }
    }
}
