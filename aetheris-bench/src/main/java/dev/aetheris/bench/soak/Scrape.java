package dev.aetheris.bench.soak;

import dev.aetheris.protocol.util.HistogramReading;
import java.util.HashMap;
import java.util.Map;

/**
 * One Prometheus text scrape of the server, reduced to what a soak compares between samples:
 * counter and gauge values by name (label sets summed), and the tick duration histogram.
 *
 * @param values sample value by metric name, summed over label sets
 * @param ticks  the tick duration histogram, or null if the scrape has none
 */
record Scrape(Map<String, Double> values, HistogramReading ticks) {
    static final String TICK_HISTOGRAM = "aetheris_tick_duration_seconds";

    /** Parses Prometheus text format; unknown or malformed lines are skipped. */
    static Scrape parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            int brace = line.indexOf('{');
            String name = brace < 0 || brace > space ? line.substring(0, space) : line.substring(0, brace);
            values.merge(name, v, Double::sum);
        }
        return new Scrape(values, HistogramReading.parse(text, TICK_HISTOGRAM));
    }

    /** A counter or gauge, or 0 if the scrape has none of that name. */
    double value(String name) {
        return values.getOrDefault(name, 0.0);
    }

    /** The ticks observed between {@code earlier} and this scrape, or null if this scrape has no tick histogram. */
    HistogramReading ticksSince(Scrape earlier) {
        return ticks == null ? null : ticks.since(earlier.ticks);
    }
}
