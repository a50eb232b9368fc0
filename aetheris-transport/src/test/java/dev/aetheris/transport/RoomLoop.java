package dev.aetheris.transport;

import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A stand-in for the room loop in tests: one thread that polls the transport, runs queued calls
 * (every GameTransport call must come from this thread), and flushes once per iteration.
 */
final class RoomLoop implements InboundHandler, AutoCloseable {

    /** A message the room received. */
    record Msg(byte[] data, boolean reliable) {
    }

    final NettyGameTransport transport;
    final Set<Long> connected = ConcurrentHashMap.newKeySet();
    final Map<Long, DisconnectReason> disconnected = new ConcurrentHashMap<>();
    final Map<Long, List<Msg>> messages = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Mark a client authenticated on its first message. */
    volatile boolean authOnFirstMessage = true;
    /** Send every message back on the channel it came on. */
    volatile boolean echo = true;
    volatile Throwable failure;

    RoomLoop(NettyGameTransport transport) {
        this.transport = transport;
        this.thread = Thread.ofPlatform().name("test-room").daemon().start(this::run);
    }

    private void run() {
        while (running) {
            try {
                transport.poll(this);
            } catch (TransportException e) {
                failure = e;
                return;
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
            transport.flush();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Runs {@code f} on the room thread and returns its result. */
    <T> T call(Function<NettyGameTransport, T> f) throws Exception {
        CompletableFuture<T> r = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                r.complete(f.apply(transport));
            } catch (RuntimeException e) {
                r.completeExceptionally(e);
            }
        });
        return r.get(10, TimeUnit.SECONDS);
    }

    List<Msg> messagesOf(long id) {
        return messages.getOrDefault(id, List.of());
    }

    @Override
    public void onConnected(long clientId) {
        connected.add(clientId);
    }

    @Override
    public void onDisconnected(long clientId, DisconnectReason reason) {
        disconnected.put(clientId, reason);
    }

    @Override
    public void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable) {
        byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
        messages.computeIfAbsent(clientId, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Msg(copy, reliable));
        if (authOnFirstMessage) {
            transport.authenticated(clientId);
        }
        if (echo) {
            SendResult r = reliable ? transport.sendReliable(clientId, data, offset, length)
                    : transport.sendUnreliable(clientId, data, offset, length);
            if (r != SendResult.SENT && reliable) {
                failure = new AssertionError("echo of a reliable message failed: " + r);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
