package dev.aetheris.transport.client;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link ClientListener} that queues messages for a consumer thread (tests, simple clients). */
public final class QueueListener implements ClientListener {

    /** One received message. @param data the bytes @param reliable which channel it came on */
    public record Received(byte[] data, boolean reliable) {
    }

    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    @Override
    public void onMessage(byte[] data, boolean reliable) {
        queue.add(new Received(data, reliable));
    }

    @Override
    public void onClosed(String reason) {
        closed.complete(reason);
    }

    /** The next message, waiting up to the timeout; {@code null} if none came. */
    public Received poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Messages waiting now. */
    public int size() {
        return queue.size();
    }

    /** Completes with the close reason when the connection ends. */
    public CompletableFuture<String> closed() {
        return closed;
    }
}
