package dev.aetheris.transport.webtransport;

import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.http3.Http3SettingsFrame;

/**
 * The HTTP/3 SETTINGS and protocol constants of WebTransport over HTTP/3 as implemented here:
 * draft-ietf-webtrans-http3-02 (the wire format browsers shipped first), also announcing the
 * draft-07 and later session settings so newer clients see a server that speaks WebTransport.
 *
 * <p>Everything this server uses is common to those drafts: extended CONNECT (RFC 9220) with
 * {@code :protocol} {@code webtransport} (or {@code webtransport-h3}), HTTP/3 datagrams (RFC 9297)
 * prefixed with the quarter stream id of the CONNECT stream, client bidirectional streams that
 * start with the signal value {@value #BIDI_STREAM_SIGNAL} and the session id, and the
 * CLOSE_WEBTRANSPORT_SESSION capsule.
 */
public final class WebTransportSettings {
    /** ALPN of HTTP/3. */
    public static final String ALPN = "h3";
    /** SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 9220). */
    public static final long ENABLE_CONNECT_PROTOCOL = 0x08;
    /** SETTINGS_H3_DATAGRAM (RFC 9297). */
    public static final long H3_DATAGRAM = 0x33;
    /** SETTINGS_ENABLE_WEBTRANSPORT of draft-02. */
    public static final long ENABLE_WEBTRANSPORT_DRAFT02 = 0x2b603742L;
    /** SETTINGS_WEBTRANSPORT_MAX_SESSIONS of draft-07. */
    public static final long MAX_SESSIONS_DRAFT07 = 0xc671706aL;
    /** SETTINGS_WT_MAX_SESSIONS of the drafts after 07. */
    public static final long MAX_SESSIONS = 0x14e9cd29L;
    /** SETTINGS_WT_ENABLED of the latest drafts. */
    public static final long WT_ENABLED = 0x2c7cf000L;
    /** First varint of a client-opened WebTransport bidirectional stream (WEBTRANSPORT_STREAM). */
    public static final long BIDI_STREAM_SIGNAL = 0x41;
    /** Capsule type of CLOSE_WEBTRANSPORT_SESSION: u32 error code, UTF-8 reason. */
    public static final long CLOSE_SESSION_CAPSULE = 0x2843;
    /** The response header draft-02 clients look for, and its value. */
    public static final String DRAFT02_HEADER = "sec-webtransport-http3-draft";
    /** Value of {@link #DRAFT02_HEADER}. */
    public static final String DRAFT02_VALUE = "draft02";

    private WebTransportSettings() {
    }

    /** Whether {@code protocol} (the CONNECT request's {@code :protocol}) asks for WebTransport. */
    public static boolean isWebTransportProtocol(CharSequence protocol) {
        return protocol != null && ("webtransport".contentEquals(protocol) || "webtransport-h3".contentEquals(protocol));
    }

    /** The SETTINGS both ends send: one session per connection, datagrams, extended CONNECT. */
    public static Http3SettingsFrame settingsFrame() {
        // Netty keeps only the non-standard settings its validator accepts: accept ours.
        Http3Settings s = new Http3Settings((id, value) -> isWebTransportSetting(id));
        s.enableConnectProtocol(true);
        s.enableH3Datagram(true);
        s.qpackMaxTableCapacity(0);
        s.qpackBlockedStreams(0);
        s.put(ENABLE_WEBTRANSPORT_DRAFT02, 1L);
        s.put(MAX_SESSIONS_DRAFT07, 1L);
        s.put(MAX_SESSIONS, 1L);
        s.put(WT_ENABLED, 1L);
        return new DefaultHttp3SettingsFrame(s);
    }

    /** Whether the setting identifier is one of the WebTransport ones we send (and accept from peers). */
    public static boolean isWebTransportSetting(long id) {
        return id == ENABLE_WEBTRANSPORT_DRAFT02 || id == MAX_SESSIONS_DRAFT07 || id == MAX_SESSIONS
                || id == WT_ENABLED;
    }
}
