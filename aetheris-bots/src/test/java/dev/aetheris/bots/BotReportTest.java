package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A run's verdict: failed runs and a saturated load generator are said, not hidden in figures. */
class BotReportTest {
    private static final BotReport.Stats NONE = BotReport.Stats.of(new double[0]);

    private static BotReport report(int clients, int connected, int possessed, int disconnects, double cpu, int cpus) {
        return new BotReport(clients, connected, connected, possessed, NONE, NONE, 0, 0, 0, disconnects, NONE, 0, 0, 0,
                -1, cpu, cpus, BotReport.Stats.of(new double[] {3, 1, 2}), 0.25, NONE, NONE);
    }

    @Test
    void aRunFailsWhenEveryClientDisconnectedOrFewerThanNinetyPercentPossessed() {
        assertThat(report(100, 100, 100, 0, 0.5, 1).failure()).isNull();
        assertThat(report(100, 100, 90, 0, 0.5, 1).failure()).isNull();
        assertThat(report(100, 100, 89, 0, 0.5, 1).failure()).contains("89 of 100");
        assertThat(report(100, 100, 100, 100, 0.5, 1).failure()).startsWith("every client disconnected");
        assertThat(report(100, 0, 0, 0, 0.5, 1).failure()).startsWith("every client disconnected");
    }

    @Test
    void theLoadGeneratorIsSaturatedFromNinetyPercentOfTheCpusItMayUse() {
        assertThat(report(1, 1, 1, 0, 0.89, 1).loadGeneratorSaturated()).isFalse();
        assertThat(report(1, 1, 1, 0, 0.90, 1).loadGeneratorSaturated()).isTrue();
        assertThat(report(1, 1, 1, 0, 1.5, 2).loadGeneratorSaturated()).isFalse();
        assertThat(report(1, 1, 1, 0, 1.8, 2).loadGeneratorSaturated()).isTrue();
        assertThat(report(1, 1, 1, 0, Double.NaN, 2).loadGeneratorSaturated()).isFalse();
        assertThat(report(1, 1, 1, 0, 1.8, 2).table()).contains("WARNING: the load generator is saturated");
    }

    @Test
    void theJsonCarriesCpuPingerAndVerdict() {
        String json = report(100, 100, 50, 0, 0.95, 1).toJson();
        assertThat(json).contains("\"bots_cpu\":{\"cores_used\":0.95,\"cores_allowed\":1,\"saturated\":true,"
                        + "\"waiting_for_cpu\":0.25,\"starved\":false}")
                .contains("\"pinger_rtt_ms\":{\"p50\":2.00,\"p99\":3.00,\"max\":3.00}")
                .contains("\"failure\":\"only 50 of 100 bots possessed a ship (needs 90 %)\"");
    }

    @Test
    void aLoadGeneratorThatWaitsLongerForACpuThanItRunsIsStarved() {
        BotReport.Stats none = BotReport.Stats.of(new double[0]);
        BotReport starved = new BotReport(1, 1, 1, 1, none, none, 0, 0, 0, 0, none, 0, 0, 0, -1, 0.2, 1, none, 0.9, none, none);
        BotReport fine = new BotReport(1, 1, 1, 1, none, none, 0, 0, 0, 0, none, 0, 0, 0, -1, 0.2, 1, none, 0.1, none, none);
        assertThat(starved.loadGeneratorStarved()).isTrue();
        assertThat(starved.table()).contains("WARNING: other work starved the load generator");
        assertThat(fine.loadGeneratorStarved()).isFalse();
    }
}
