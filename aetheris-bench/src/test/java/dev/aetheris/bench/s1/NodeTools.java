package dev.aetheris.bench.s1;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the S1 benchmark directory and the external tools its scripts need. Without them the
 * tests are skipped on a developer machine, but fail under {@code CI=true}, where a missing tool
 * is a broken setup rather than a choice.
 */
final class NodeTools {
    private NodeTools() {
    }

    /** The {@code aetheris-bench/s1} directory of this checkout. */
    static Path s1Dir() {
        String root = System.getProperty("aetheris.repo.root");
        Path dir = root != null ? Path.of(root, "aetheris-bench", "s1") : Path.of("s1").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("run.sh"))) {
            dir = Path.of("s1").toAbsolutePath();
        }
        if (!Files.isRegularFile(dir.resolve("run.sh"))) {
            fail("cannot find aetheris-bench/s1/run.sh (looked under " + dir + ")");
        }
        return dir;
    }

    /** Skips (or fails under CI=true) when one of the tools does not answer {@code --version}. */
    static void requireTools(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (!answers(tool)) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the S1 benchmark needs " + String.join(", ", missing) + " on PATH";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: install them in the CI image)");
        }
        assumeTrue(false, message + "; skipped");
    }

    private static boolean answers(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Output and exit code of a finished command. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs a command in {@code dir} and waits at most {@code limitSeconds} (a hang guard, not a
     * timing assertion); on expiry the command and every process it started are destroyed.
     */
    static Result run(Path dir, long limitSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("aetheris-s1-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + limitSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
