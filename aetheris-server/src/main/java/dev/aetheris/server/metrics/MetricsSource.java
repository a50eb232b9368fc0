package dev.aetheris.server.metrics;

/** Something that contributes metrics to the {@code /metrics} page (tick loop, transports, auth). */
@FunctionalInterface
public interface MetricsSource {

    /** Appends Prometheus text; called on the scrape thread. */
    void appendPrometheus(StringBuilder out);
}
