package dev.aetheris.server.http;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers) and {@code /readyz} (the server can take players: the
 * room loop ticked recently and every readiness check passes).
 */
public final class HealthHandler implements HttpHandler {
    private final BooleanSupplier ready;

    /** @param ready the readiness check, called on every {@code /readyz} */
    public HealthHandler(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        return switch (request.path()) {
            case "/healthz" -> HttpResponse.text(200, "ok\n");
            case "/readyz" -> ready.getAsBoolean() ? HttpResponse.text(200, "ready\n")
                    : HttpResponse.text(503, "not ready: the room loop is not ticking\n");
            default -> HttpResponse.text(404, "not found\n");
        };
    }
}
