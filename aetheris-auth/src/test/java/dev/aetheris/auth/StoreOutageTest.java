package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.Session;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the database gone, the tick keeps answering from memory and the API answers 503. */
class StoreOutageTest {
    @TempDir
    Path dir;

    @Test
    void theTickIsUnaffectedAndTheApiReportsTheOutage() throws Exception {
        TestClock clock = new TestClock();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        AuthService auth = null;
        try {
            auth = AuthService.builder(AuthConfig.of(dir, true, null).withJdbcUrl(pg.getJdbcUrl("postgres", "postgres")))
                    .clock(clock).backgroundSync(false).build();
            IssueResult.Issued issued = auth.login("dev:ann", Set.of());
            Session s = ((AuthResult.Accepted) auth.authenticate(issued.token())).session();
            pg.close();

            assertThat(auth.isActive(s)).isTrue();
            assertThat(auth.authenticate(issued.token())).isInstanceOf(AuthResult.Accepted.class);

            HttpResponse r = AuthHttpApi.create(auth, new CapturingMail()).handle(new HttpRequest("POST",
                    "/v1/auth/dev-login", "", Map.of(), "{\"name\":\"bob\"}".getBytes(StandardCharsets.UTF_8),
                    "127.0.0.1"));
            assertThat(r.status()).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(r.body()).get("error").asText()).isEqualTo("store_unavailable");
        } finally {
            if (auth != null) {
                auth.close(); // must not throw although the final flush fails
            }
            pg.close();
        }
    }
}
