package dev.aetheris.bench.soak;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A plain SVG of a soak: four stacked panels over time (RSS, tick p99, GC pauses, bytes per minute). */
final class SoakChart {
    private static final int WIDTH = 900;
    private static final int PANEL = 150;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int GAP = 40;

    private SoakChart() {
    }

    static String svg(int clients, List<SoakSample> samples, List<SoakReport.GcPause> pauses) {
        double end = samples.isEmpty() ? 1 : Math.max(1, samples.getLast().seconds());
        int height = 40 + 4 * (PANEL + GAP);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(s, LEFT, 20, String.format(Locale.ROOT, "Soak: %d bots, %.0f s", clients, end), 14);
        int top = 40;
        line(s, top, "RSS (MB)", samples, SoakSample::rssMb, end, "#1f77b4");
        top += PANEL + GAP;
        line(s, top, "tick p99 (ms)", samples, SoakSample::tickP99Ms, end, "#d62728");
        top += PANEL + GAP;
        double gcMax = Math.max(1, pauses.stream().mapToDouble(SoakReport.GcPause::ms).max().orElse(1));
        axes(s, top, "GC pauses (ms)", gcMax, end);
        for (SoakReport.GcPause p : pauses) {
            double x = x(p.seconds(), end);
            double y = top + PANEL - PANEL * p.ms() / gcMax;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2ca02c\"/>%n", x, top + PANEL, x, y));
        }
        top += PANEL + GAP;
        line(s, top, "bytes / min (MB)", samples, v -> v.bytesPerMinute() / 1e6, end, "#9467bd");
        return s.append("</svg>\n").toString();
    }

    private static void line(StringBuilder s, int top, String title, List<SoakSample> samples,
                             ToDoubleFunction<SoakSample> f, double end, String colour) {
        double max = 0;
        for (SoakSample v : samples) {
            double y = f.applyAsDouble(v);
            if (Double.isFinite(y)) {
                max = Math.max(max, y);
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        axes(s, top, title, max, end);
        StringBuilder points = new StringBuilder();
        for (SoakSample v : samples) {
            double y = f.applyAsDouble(v);
            if (Double.isFinite(y)) {
                double py = top + PANEL - PANEL * y / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(v.seconds(), end), py));
            }
        }
        s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                .append(points.toString().trim()).append("\"/>\n");
    }

    private static void axes(StringBuilder s, int top, String title, double max, double end) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, top, WIDTH - LEFT - RIGHT, PANEL));
        text(s, LEFT, top - 6, title, 12);
        text(s, 4, top + 10, String.format(Locale.ROOT, "%.1f", max), 11);
        text(s, 4, top + PANEL, "0", 11);
        text(s, WIDTH - RIGHT - 40, top + PANEL + 14, String.format(Locale.ROOT, "%.0f s", end), 11);
    }

    private static double x(double seconds, double end) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.min(1, Math.max(0, seconds / end));
    }

    private static void text(StringBuilder s, int x, int y, String t, int size) {
        s.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"").append(size)
                .append("\">").append(t.replace("&", "&amp;").replace("<", "&lt;")).append("</text>\n");
    }
}
