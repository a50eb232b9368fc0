package dev.aetheris.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Picks native epoll when its library loads, NIO otherwise; shared by server and client connectors. */
public final class NettyIo {
    private NettyIo() {
    }

    /** Whether the native epoll transport is in use. */
    public static boolean nativeEpoll() {
        return Epoll.isAvailable();
    }

    /** Whether UDP sends can carry several packets at once (native epoll with UDP GSO). */
    static boolean udpSegmentation() {
        return nativeEpoll() && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    /** An event loop group of {@code threads} daemon threads named {@code prefix-N}. */
    public static EventLoopGroup newGroup(int threads, String prefix) {
        return newGroup(threads, prefix, false);
    }

    /**
     * An event loop group of {@code threads} daemon threads named {@code prefix-N}; with
     * {@code yieldToTicks} each thread asks the scheduler not to preempt a running tick when it
     * wakes ({@link ThreadScheduling#preferBatch()}): the server's loops, not a client's.
     */
    static EventLoopGroup newGroup(int threads, String prefix, boolean yieldToTicks) {
        IoHandlerFactory factory = nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        DefaultThreadFactory threadFactory = !yieldToTicks ? new DefaultThreadFactory(prefix, true)
                : new DefaultThreadFactory(prefix, true) {
                    @Override
                    protected Thread newThread(Runnable r, String name) {
                        return super.newThread(() -> {
                            ThreadScheduling.preferBatch();
                            r.run();
                        }, name);
                    }
                };
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, factory);
    }

    static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket channel class matching {@link #newGroup}. */
    public static Class<? extends SocketChannel> socketChannelClass() {
        return socketChannel();
    }

    /** The datagram channel class matching {@link #newGroup}. */
    public static Class<? extends DatagramChannel> datagramChannelClass() {
        return datagramChannel();
    }

    static Class<? extends SocketChannel> socketChannel() {
        return nativeEpoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends DatagramChannel> datagramChannel() {
        return nativeEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
