package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The load generator's own CPU figures. */
class ProcessCpuTest {

    @Test
    void linuxCpuListsAreCounted() {
        assertThat(ProcessCpu.countCpuList("1")).isEqualTo(1);
        assertThat(ProcessCpu.countCpuList("0-3")).isEqualTo(4);
        assertThat(ProcessCpu.countCpuList(" 0-3,8,10-11\n")).isEqualTo(7);
        assertThat(ProcessCpu.countCpuList("3-1")).isZero();
        assertThat(ProcessCpu.countCpuList("x")).isZero();
    }

    @Test
    void allowedCpusRespectTheAffinityMaskAndNeverExceedTheMachine() {
        int n = ProcessCpu.allowedCpus();
        assertThat(n).isBetween(1, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void cpuTimeGrowsWithWorkAndCoresUsedIsItsShareOfTheWallClock() {
        long before = ProcessCpu.cpuNanos();
        long x = 0;
        for (long i = 0; i < 200_000_000L; i++) {
            x += i ^ (x >>> 3);
        }
        long after = ProcessCpu.cpuNanos();
        assertThat(x).isNotZero();
        assertThat(after).isGreaterThan(before);
        assertThat(ProcessCpu.coresUsed(0, 500, 1_000)).isEqualTo(0.5);
        assertThat(ProcessCpu.coresUsed(-1, 500, 1_000)).isNaN();
        assertThat(ProcessCpu.coresUsed(0, 500, 0)).isNaN();
    }

    @Test
    void runQueueWaitIsCumulativeWhereLinuxReportsIt() throws Exception {
        long a = ProcessCpu.runQueueWaitNanos();
        Thread.sleep(20);
        long b = ProcessCpu.runQueueWaitNanos();
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(a).isNotNegative();
            // Summed over live threads, so a thread ending may lower it slightly; never by much here.
            assertThat(b).isGreaterThanOrEqualTo(0);
        } else {
            assertThat(a).isEqualTo(-1);
        }
    }
}
