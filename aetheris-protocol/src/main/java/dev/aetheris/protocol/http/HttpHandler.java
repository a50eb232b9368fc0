package dev.aetheris.protocol.http;

/**
 * Serves requests under a path prefix of the server's HTTP port.
 *
 * <p><b>Threading.</b> Called on a worker thread, never on a network event loop or a room loop, so
 * it may block briefly (a database write, a password hash). Called concurrently; implementations
 * must be thread-safe. It must not throw: errors are responses.
 */
@FunctionalInterface
public interface HttpHandler {

    /** Produces the response for {@code request}. */
    HttpResponse handle(HttpRequest request);
}
