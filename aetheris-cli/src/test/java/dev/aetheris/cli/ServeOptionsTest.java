package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ServerConfig;
import dev.aetheris.world.PlaygroundWorld;
import dev.aetheris.world.WorldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every serve option is also an AETHERIS_* variable and a config-file key; flags win, then env, then file. */
class ServeOptionsTest {

    private static ServeCommand parse(Map<String, String> env, String... args) {
        CommandLine cl = AetherisCommand.newCommandLine(args, env);
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (ServeCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void builtInDefaultsApplyWithNothingElse() {
        ServeCommand s = parse(Map.of(), "serve");
        assertThat(s.httpPort).isEqualTo(8080);
        assertThat(s.quicPort).isEqualTo(4433);
        assertThat(s.tickRate).isEqualTo(60);
        assertThat(s.dataDir).isEqualTo(Path.of("data"));
        assertThat(s.dev).isFalse();
        assertThat(s.worldSize).isEqualTo(4000f);
    }

    @Test
    void worldSizeComesFromTheFlagTheEnvironmentOrTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("aetheris.properties"), "world-size=1500\n");
        assertThat(parse(Map.of("AETHERIS_CONFIG", file.toString()), "serve").worldSize).isEqualTo(1500f);
        Map<String, String> env = Map.of("AETHERIS_CONFIG", file.toString(), "AETHERIS_WORLD_SIZE", "2500");
        assertThat(parse(env, "serve").worldSize).isEqualTo(2500f);
        assertThat(parse(env, "serve", "--world-size", "800").worldSize).isEqualTo(800f);
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("aetheris.properties"),
                "http-port=9001\ntick-rate=30\nmax-clients=77\n");
        Map<String, String> env = Map.of("AETHERIS_HTTP_PORT", "9002", "AETHERIS_CONFIG", file.toString(),
                "AETHERIS_DEV", "true");
        ServeCommand s = parse(env, "serve", "--tick-rate", "20");
        assertThat(s.httpPort).as("environment beats the file").isEqualTo(9002);
        assertThat(s.tickRate).as("flag beats the file").isEqualTo(20);
        assertThat(s.maxClients).as("file beats the built-in default").isEqualTo(77);
        assertThat(s.dev).isTrue();
        ServeCommand flagged = parse(env, "serve", "--http-port", "9003", "--config", file.toString());
        assertThat(flagged.httpPort).isEqualTo(9003);
    }

    @Test
    void theWorldSizeReachesThePlaygroundWorld(@TempDir Path data) throws Exception {
        ServerConfig d = ServerConfig.devLoopback(data);
        assertThat(d.worldSize()).isEqualTo(WorldConfig.DEFAULT_WORLD_SIZE);
        ServerConfig c = new ServerConfig(d.dev(), d.bind(), d.httpPort(), -1, d.dataDir(), d.tickRate(),
                d.stateRate(), d.maxEntities(), d.maxClients(), d.world(), d.seed(), d.jdbcUrl(), d.smtpUrl(),
                d.adminEmails(), d.certFile(), d.keyFile(), d.interestRadius(), d.clientBudget(), 1200f, null);
        try (AetherisServer server = AetherisServer.start(c, "test")) {
            WorldConfig w = ((PlaygroundWorld) server.world()).config();
            assertThat(List.of(w.minX(), w.minY(), w.maxX(), w.maxY())).containsExactly(-600f, -600f, 600f, 600f);
        }
        ServerConfig tooLarge = new ServerConfig(d.dev(), d.bind(), d.httpPort(), -1, d.dataDir(), d.tickRate(),
                d.stateRate(), d.maxEntities(), d.maxClients(), d.world(), d.seed(), d.jdbcUrl(), d.smtpUrl(),
                d.adminEmails(), d.certFile(), d.keyFile(), d.interestRadius(), d.clientBudget(), 1e9f, null);
        assertThatThrownBy(() -> AetherisServer.start(tooLarge, "test")).hasMessageContaining("world size");
    }

    @Test
    void theDefaultStateRateIsHalfAnEvenTickRateOfFortyOrMoreAndAnExplicitOneWins(@TempDir Path data) {
        ServerConfig d = ServerConfig.devLoopback(data);
        java.util.function.BiFunction<Integer, Integer, Integer> rate = (tick, state) -> new ServerConfig(d.dev(),
                d.bind(), d.httpPort(), -1, d.dataDir(), tick, state, d.maxEntities(), d.maxClients(), d.world(),
                d.seed(), d.jdbcUrl(), d.smtpUrl(), d.adminEmails(), d.certFile(), d.keyFile(), d.interestRadius(),
                d.clientBudget(), d.worldSize(), null).effectiveStateRate();
        assertThat(rate.apply(60, 0)).isEqualTo(30);
        assertThat(rate.apply(120, 0)).isEqualTo(60);
        assertThat(rate.apply(30, 0)).as("low tick rates keep every tick").isEqualTo(30);
        assertThat(rate.apply(45, 0)).as("odd tick rates keep every tick").isEqualTo(45);
        assertThat(rate.apply(60, 60)).isEqualTo(60);
        assertThat(rate.apply(60, 20)).isEqualTo(20);
    }

    @Test
    void anUnreadableConfigFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--config", dir.resolve("missing.properties").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.properties");
    }
}
