package dev.aetheris.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.Quic;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the server's two ports at start, turning failures into messages that name the setting. */
final class PortBinder {
    private static final Logger LOG = LoggerFactory.getLogger(PortBinder.class);

    private PortBinder() {
    }

    /** The HTTP + WebSocket listener. @throws TransportStartException naming the port */
    static Channel bindHttp(TransportConfig config, EventLoopGroup group, ChannelHandler child)
            throws TransportStartException {
        ServerBootstrap http = new ServerBootstrap()
                .group(group)
                .channel(NettyIo.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(child);
        ChannelFuture f = http.bind(config.resolveBindAddress(), config.httpPort()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new TransportStartException("cannot listen on HTTP port " + config.httpPort() + " of "
                    + config.bindAddress() + " (http-port): " + describe(f.cause()), f.cause());
        }
        return f.channel();
    }

    /**
     * The QUIC (UDP) socket, or {@code null} when native QUIC is unavailable (logged; the server
     * then serves WebSocket only). {@code codec} is built only when QUIC can run.
     *
     * @throws TransportStartException naming the port
     */
    static Channel bindQuic(TransportConfig config, EventLoopGroup group, Supplier<ChannelHandler> codec)
            throws TransportStartException {
        if (!Quic.isAvailable()) {
            LOG.warn("native QUIC is unavailable on this platform ({}); serving WebSocket only",
                    describe(Quic.unavailabilityCause()));
            return null;
        }
        Bootstrap udp = new Bootstrap()
                .group(group)
                .channel(NettyIo.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, QuicPort.SERVER_UDP_RCVBUF)
                .option(ChannelOption.SO_SNDBUF, QuicPort.SERVER_UDP_RCVBUF)
                .handler(codec.get());
        ChannelFuture q = udp.bind(config.resolveBindAddress(), config.quicPort()).awaitUninterruptibly();
        if (!q.isSuccess()) {
            throw new TransportStartException("cannot listen on QUIC (UDP) port " + config.quicPort() + " of "
                    + config.bindAddress() + " (quic-port): " + describe(q.cause()), q.cause());
        }
        return q.channel();
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        if (m != null && m.toLowerCase(Locale.ROOT).contains("in use")) {
            return "the port is already in use";
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
