package dev.aetheris.server.http;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the browser playground from class-path resources under a base folder. When the page was
 * not built (no npm on the build machine), {@code /} explains that instead of failing.
 */
public final class StaticSiteHandler implements HttpHandler {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon",
            "map", "application/json", "txt", "text/plain; charset=utf-8");

    private final String base;
    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** @param base class-path folder holding {@code index.html}, e.g. {@code dev/aetheris/playground/site} */
    public StaticSiteHandler(String base) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.loader = StaticSiteHandler.class.getClassLoader();
    }

    /** Whether the playground was built into the class path. */
    public boolean available() {
        return loader.getResource(base + "index.html") != null;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.text(405, "use GET\n").withHeader("Allow", "GET, HEAD");
        }
        String path = request.path();
        if (path.equals("/") || path.isEmpty()) {
            path = "/index.html";
        }
        if (path.contains("..") || path.contains("\\") || path.contains("//")) {
            return HttpResponse.text(400, "bad path\n");
        }
        byte[] body = cache.computeIfAbsent(path, p -> read(base + p.substring(1)));
        if (body.length == 0) {
            if (path.equals("/index.html")) {
                return HttpResponse.text(503, "The browser playground is unavailable in this build: npm was not "
                        + "found when the server was built. Install Node.js and npm, then rebuild (bin/aetheris "
                        + "rebuilds automatically).\n");
            }
            return HttpResponse.text(404, "not found\n");
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        return new HttpResponse(200, TYPES.getOrDefault(ext, "application/octet-stream"),
                Map.of("Cache-Control", "no-cache"), body);
    }

    private byte[] read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
