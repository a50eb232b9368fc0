package dev.aetheris.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Refusals on the plain HTTP side of the HTTP port, rendered as {@code aetheris_http_*} metrics.
 * Written by event loops, read at scrape time; thread-safe.
 */
public final class HttpCounters {
    private final LongAdder requestTimeouts = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder versionRefused = new LongAdder();

    void onRequestTimeout() {
        requestTimeouts.increment();
    }

    void onConnectionRefused() {
        connectionsRefused.increment();
    }

    void onVersionRefused() {
        versionRefused.increment();
    }

    /** Connections closed because a request did not arrive in time (slow senders, 408). */
    public long requestTimeouts() {
        return requestTimeouts.sum();
    }

    /** Connections refused because their IP already held the most plain HTTP connections allowed. */
    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    /** Requests answered 505 because they named an HTTP version other than 1.0 or 1.1. */
    public long versionRefused() {
        return versionRefused.sum();
    }

    /** Appends the counters in Prometheus text format. */
    public void appendPrometheus(StringBuilder out) {
        metric(out, "aetheris_http_request_timeouts_total", requestTimeouts());
        metric(out, "aetheris_http_connections_refused_total", connectionsRefused());
        metric(out, "aetheris_http_version_refused_total", versionRefused());
    }

    private static void metric(StringBuilder out, String name, long value) {
        out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }
}
