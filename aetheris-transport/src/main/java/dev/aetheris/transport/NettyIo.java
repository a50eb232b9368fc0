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
        IoHandlerFactory factory = nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), factory);
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
