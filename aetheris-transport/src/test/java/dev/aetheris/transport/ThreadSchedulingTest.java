package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The scheduling hints change exactly the calling thread, and say truthfully whether they took
 * (a kernel or sandbox may refuse: then nothing changed).
 */
class ThreadSchedulingTest {
    private static final Path SCHED = Path.of("/proc/thread-self/sched");

    @Test
    void batchForAnEventLoopThreadOnlyAndReportedTruthfully() throws Exception {
        assumeTrue(Files.isReadable(SCHED), "needs Linux /proc");
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            boolean took = ThreadScheduling.preferBatch();
            seen.set(took + " " + field("policy"));
        });
        t.join();
        assertThat(seen.get()).isIn("true 3", "false 0");
        assertThat(field("policy")).as("the calling thread only").isEqualTo("0");
    }

    @Test
    void aRoomLoopKeepsTheNormalPolicyWithTheSliceItAskedForWhereTheKernelHonoursIt() throws Exception {
        assumeTrue(Files.isReadable(SCHED), "needs Linux /proc");
        AtomicReference<String[]> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            String before = field("se.slice");
            boolean took = ThreadScheduling.requestSlice(8_000_000);
            seen.set(new String[] {String.valueOf(took), field("policy"), before, field("se.slice")});
        });
        t.join();
        String[] s = seen.get();
        assertThat(s[1]).isEqualTo("0");
        if (s[0].equals("false") || s[2] == null) {
            assertThat(s[3]).isEqualTo(s[2]); // refused, or a kernel without per-task slices: unchanged
        } else {
            assertThat(s[3]).isIn("8000000", s[2]); // 6.12+ honours it; older kernels keep their slice
        }
    }

    private static String field(String name) {
        try {
            for (String line : Files.readAllLines(SCHED)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
