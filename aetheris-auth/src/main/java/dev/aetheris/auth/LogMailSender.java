package dev.aetheris.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev-mode delivery: writes the message to the log so a developer can log in without a mail
 * server. {@link AuthService} uses it only when the server runs with {@code --dev}.
 */
public final class LogMailSender implements MailSender {
    private static final Logger LOG = LoggerFactory.getLogger(LogMailSender.class);

    @Override
    public void send(String to, String subject, String body) {
        LOG.warn("dev mode, mail not sent: to={} subject=\"{}\" body=\"{}\"", to, subject, body);
    }
}
