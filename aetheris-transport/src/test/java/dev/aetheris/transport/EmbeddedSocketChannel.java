package dev.aetheris.transport;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DefaultSocketChannelConfig;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * An {@link EmbeddedChannel} that passes for a TCP {@link SocketChannel}, so the HTTP port's own
 * {@code ChannelInitializer<SocketChannel>} builds its real pipeline on it: tests drive that
 * pipeline byte by byte, single-threaded, without a socket.
 */
final class EmbeddedSocketChannel extends EmbeddedChannel implements SocketChannel {
    /** Only holds option values; never connected. */
    private static final Socket UNCONNECTED = new Socket();

    private final InetSocketAddress remote;
    // Assigned lazily: the superclass constructor already asks for the config.
    private SocketChannelConfig socketConfig;

    EmbeddedSocketChannel(InetSocketAddress remote, ChannelHandler... handlers) {
        super(handlers);
        this.remote = remote;
    }

    @Override
    public SocketChannelConfig config() {
        if (socketConfig == null) {
            socketConfig = new DefaultSocketChannelConfig(this, UNCONNECTED);
        }
        return socketConfig;
    }

    @Override
    public ServerSocketChannel parent() {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public boolean isInputShutdown() {
        return !isActive();
    }

    @Override
    public ChannelFuture shutdownInput() {
        return close();
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        return close(promise);
    }

    @Override
    public boolean isOutputShutdown() {
        return !isActive();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return close();
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        return close(promise);
    }

    @Override
    public boolean isShutdown() {
        return !isActive();
    }

    @Override
    public ChannelFuture shutdown() {
        return close();
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        return close(promise);
    }
}
