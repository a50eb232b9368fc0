package dev.aetheris.auth;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Sends mail through an SMTP server with Jakarta Mail, configured by one URL:
 * {@code smtp://user:password@host:587?from=noreply@example.org} (STARTTLS required unless
 * {@code starttls=false}) or {@code smtps://user:password@host:465?from=...} (implicit TLS).
 * Credentials come only from that URL, i.e. from the operator's configuration.
 */
public final class SmtpMailSender implements MailSender {
    private static final int TIMEOUT_MILLIS = 10_000;

    /** The parsed URL. @param password may be null */
    record Settings(String protocol, String host, int port, String user, String password, String from,
                    boolean startTls) {
        @Override
        public String toString() {
            return protocol + "://" + (user == null ? "" : user + ":***@") + host + ":" + port + "?from=" + from;
        }
    }

    private final Settings settings;
    private final Session session;

    /** @throws IllegalArgumentException naming what is wrong with the URL */
    public SmtpMailSender(String smtpUrl) {
        this.settings = parse(smtpUrl);
        Properties p = new Properties();
        String pre = "mail." + settings.protocol() + ".";
        p.put("mail.transport.protocol", settings.protocol());
        p.put(pre + "host", settings.host());
        p.put(pre + "port", Integer.toString(settings.port()));
        p.put(pre + "auth", Boolean.toString(settings.user() != null));
        p.put(pre + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        p.put(pre + "timeout", Integer.toString(TIMEOUT_MILLIS));
        p.put(pre + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        if (settings.startTls()) {
            p.put(pre + "starttls.enable", "true");
            p.put(pre + "starttls.required", "true");
        }
        if (settings.protocol().equals("smtps") || settings.startTls()) {
            p.put(pre + "ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(p);
    }

    static Settings parse(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("auth smtpUrl: not a URL: " + e.getReason());
        }
        String scheme = u.getScheme();
        if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
            throw new IllegalArgumentException("auth smtpUrl: scheme must be smtp or smtps");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("auth smtpUrl: no host");
        }
        Map<String, String> q = new HashMap<>();
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String from = q.get("from");
        if (from == null || AuthConfig.normaliseEmail(from) == null) {
            throw new IllegalArgumentException("auth smtpUrl: needs ?from=<sender address>");
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String ui = u.getRawUserInfo();
            int c = ui.indexOf(':');
            user = URLDecoder.decode(c < 0 ? ui : ui.substring(0, c), StandardCharsets.UTF_8);
            password = c < 0 ? null : URLDecoder.decode(ui.substring(c + 1), StandardCharsets.UTF_8);
        }
        boolean smtps = scheme.equals("smtps");
        int port = u.getPort() > 0 ? u.getPort() : smtps ? 465 : 587;
        boolean startTls = !smtps && !"false".equalsIgnoreCase(q.get("starttls"));
        return new Settings(scheme, u.getHost(), port, user, password, from, startTls);
    }

    @Override
    public void send(String to, String subject, String body) throws MailException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(settings.from()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
            m.setSubject(subject, "UTF-8");
            m.setText(body, "UTF-8");
            if (settings.user() != null) {
                Transport.send(m, settings.user(), settings.password());
            } else {
                Transport.send(m);
            }
        } catch (MessagingException e) {
            throw new MailException("SMTP delivery via " + settings.host() + ":" + settings.port() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SmtpMailSender[" + settings + "]";
    }
}
