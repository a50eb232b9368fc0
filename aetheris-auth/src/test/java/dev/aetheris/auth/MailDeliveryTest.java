package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.aetheris.protocol.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Dev mode prints codes to the log; production parses its SMTP URL. No mail server is needed. */
class MailDeliveryTest {
    @TempDir
    Path dir;

    @Test
    void devModePrintsTheCodeToTheLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(LogMailSender.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (AuthService auth = AuthService.builder(AuthConfig.of(dir, true, null)).clock(new TestClock())
                .backgroundSync(false).build()) {
            AuthHttpApi api = AuthHttpApi.create(auth);
            var r = api.handle(new HttpRequest("POST", "/v1/auth/otp/request", "", Map.of(),
                    "{\"email\":\"dev@example.org\"}".getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
            assertThat(r.status()).isEqualTo(200);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).hasSize(1);
        assertThat(appender.list.getFirst().getFormattedMessage()).contains("dev@example.org")
                .containsPattern("code is \\d{6}");
    }

    @Test
    void smtpUrlsAreParsed() {
        SmtpMailSender.Settings s = SmtpMailSender.parse("smtp://mailer:p%40ss@mail.example.org?from=noreply@example.org");
        assertThat(s.protocol()).isEqualTo("smtp");
        assertThat(s.host()).isEqualTo("mail.example.org");
        assertThat(s.port()).isEqualTo(587);
        assertThat(s.user()).isEqualTo("mailer");
        assertThat(s.password()).isEqualTo("p@ss");
        assertThat(s.startTls()).isTrue();
        assertThat(s.toString()).doesNotContain("p@ss");

        SmtpMailSender.Settings tls = SmtpMailSender.parse("smtps://mail.example.org:2465?from=a@example.org");
        assertThat(tls.port()).isEqualTo(2465);
        assertThat(tls.user()).isNull();
        assertThat(tls.startTls()).isFalse();
        assertThat(SmtpMailSender.parse("smtp://localhost:25?from=a@example.org&starttls=false").startTls()).isFalse();

        assertThatThrownBy(() -> SmtpMailSender.parse("smtp://mail.example.org")).hasMessageContaining("from");
        assertThatThrownBy(() -> SmtpMailSender.parse("http://x?from=a@example.org")).hasMessageContaining("scheme");
    }

    @Test
    void anUnreachableSmtpServerIsADeliveryFailureNotACrash() throws Exception {
        // Port 9 on loopback (discard) is closed on test machines: the connection is refused at once.
        SmtpMailSender smtp = new SmtpMailSender("smtp://127.0.0.1:9?from=a@example.org&starttls=false");
        assertThatThrownBy(() -> smtp.send("b@example.org", "s", "t")).isInstanceOf(MailSender.MailException.class)
                .hasMessageContaining("127.0.0.1:9");
    }
}
