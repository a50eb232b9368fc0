package dev.aetheris.server.http;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.server.metrics.MetricsSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Serves {@code GET /metrics} in the Prometheus text format from every registered source. */
public final class MetricsHandler implements HttpHandler {
    private final List<MetricsSource> sources;

    /** @param sources contributors, rendered in order */
    public MetricsHandler(List<MetricsSource> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET")) {
            return HttpResponse.text(405, "use GET\n").withHeader("Allow", "GET");
        }
        StringBuilder out = new StringBuilder(16 * 1024);
        for (MetricsSource s : sources) {
            s.appendPrometheus(out);
        }
        return new HttpResponse(200, "text/plain; version=0.0.4; charset=utf-8", Map.of(),
                out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
