package dev.aetheris.bench.auth;

import dev.aetheris.auth.AuthConfig;
import dev.aetheris.auth.AuthService;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The costs the tick and the login API pay: {@code isActive} (per message and per second per
 * client), {@code authenticate} (once per connection: ES256 verification) and a full login
 * (player lookup, SQLite insert, signing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AuthBench {
    private Path dir;
    private AuthService auth;
    private String token;
    private Session session;
    private int n;

    /** Opens a dev-mode service on a fresh data dir with 10,000 live sessions. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("aetheris-auth-bench");
        auth = AuthService.builder(AuthConfig.of(dir, true, null)).backgroundSync(false).build();
        for (int i = 0; i < 10_000; i++) {
            auth.login("dev:bench-" + i, Set.of());
        }
        var issued = auth.login("dev:bench", Set.of(Session.ADMIN));
        token = issued.token();
        session = issued.session();
    }

    /** Closes and deletes the data dir. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        auth.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The tick's per-message check. */
    @Benchmark
    public boolean isActive() {
        return auth.isActive(session);
    }

    /** Verifying a presented token (signature, claims, session lookup). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public AuthResult authenticate() {
        return auth.authenticate(token);
    }

    /** A complete login: player id lookup, session insert into SQLite, ES256 signing. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String login() {
        return auth.login("dev:bench-" + (n++ % 1000), Set.of()).token();
    }
}
