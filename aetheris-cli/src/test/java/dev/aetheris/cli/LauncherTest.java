package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks {@code bin/aetheris} itself: the error a newcomer sees without a JDK 25. */
class LauncherTest {

    @Test
    void withoutAJdk25TheLauncherSaysSoInOneLine(@TempDir Path empty) throws Exception {
        Path root = Path.of(System.getProperty("aetheris.repo.root", "..")).toAbsolutePath().normalize();
        Path launcher = root.resolve("bin/aetheris");
        assertThat(launcher).isExecutable();
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--help");
        pb.environment().put("JAVA_HOME", empty.toString());
        pb.environment().put("AETHERIS_JDK_DIRS", empty.toString());
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(err.lines().toList()).singleElement().asString()
                .startsWith("aetheris: needs a JDK 25 or newer").contains("JAVA_HOME");
        assertThat(Files.exists(root.resolve("mvnw"))).isTrue();
    }
}
