package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.testkit.FakeSessionVerifier;
import dev.aetheris.testkit.FakeWorld;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed-rate loop: deadlines, slow ticks, graceful stop — on a manual clock. */
class TickLoopTest {
    private static final long PERIOD = 1_000_000_000L / 60;

    /** Records each tick's start (poll time) and can make one tick slow or stop the loop. */
    private static final class ScriptedTransport implements GameTransport {
        final InMemoryTransport inner = new InMemoryTransport();
        final ManualClock clock;
        final List<Long> starts = new ArrayList<>();
        int slowTick = -1;
        long slowBy;
        int stopAt = -1;
        TickScheduler tick;
        TickLoop loop;

        ScriptedTransport(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void poll(InboundHandler handler) throws TransportException {
            int n = starts.size();
            starts.add(clock.nanoTime());
            if (n == slowTick) {
                clock.advanceNanos(slowBy);
            }
            if (n == stopAt) {
                loop.stop();
            }
            inner.poll(handler);
        }

        @Override
        public SendResult sendUnreliable(long clientId, byte[] data, int offset, int length) {
            return inner.sendUnreliable(clientId, data, offset, length);
        }

        @Override
        public SendResult sendReliable(long clientId, byte[] data, int offset, int length) {
            return inner.sendReliable(clientId, data, offset, length);
        }

        @Override
        public int broadcastUnreliable(byte[] data, int offset, int length) {
            return inner.broadcastUnreliable(data, offset, length);
        }

        @Override
        public void disconnect(long clientId, String reason) {
            inner.disconnect(clientId, reason);
        }

        @Override
        public int connectedCount() {
            return inner.connectedCount();
        }
    }

    private static TickLoop loop(ManualClock clock, ScriptedTransport t, TickMetrics metrics) {
        TickConfig config = TickConfig.defaults("test");
        t.tick = new TickScheduler(config, t, new FakeWorld(100), new MsgpackCodec(), new FakeSessionVerifier(),
                clock, metrics);
        t.loop = new TickLoop(t.tick, config, clock, (c, deadline) -> clock.advanceNanos(Math.max(0, deadline - c.nanoTime())),
                metrics);
        return t.loop;
    }

    @Test
    void ticksFollowTheDeadlineAndASlowTickShiftsItWithoutBurstOrSkip() {
        ManualClock clock = new ManualClock();
        ScriptedTransport t = new ScriptedTransport(clock);
        t.slowTick = 5;
        t.slowBy = 3 * PERIOD + PERIOD / 2;
        t.stopAt = 20;
        TickMetrics metrics = new TickMetrics();
        TickLoop s = loop(clock, t, metrics);
        s.run();

        List<Long> starts = t.starts;
        assertThat(starts).hasSize(21);
        for (int i = 1; i <= 5; i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("on schedule before the slow tick").isEqualTo(PERIOD);
        }
        assertThat(starts.get(6) - starts.get(5)).as("next tick right after the slow one, no sleep")
                .isEqualTo(3 * PERIOD + PERIOD / 2);
        for (int i = 7; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("no burst of catch-up ticks after the delay")
                    .isEqualTo(PERIOD);
        }
        assertThat(metrics.ticks.get()).as("the tick that saw stop() still completed").isEqualTo(21);
        assertThat(t.tick.currentTick()).isEqualTo(21);
        assertThat(metrics.actualTickRate.get()).isBetween(59.0, 61.0);
        assertThat(metrics.tickDuration.count()).isEqualTo(21);
        assertThat(metrics.tickCpu.count()).as("the loop thread's CPU time of every tick").isEqualTo(21);
        assertThat(metrics.tickCpu.sum()).isGreaterThan(0);
    }

    @Test
    void onlyTicksWhosePollSucceededCountForReadiness() {
        ManualClock clock = new ManualClock();
        ScriptedTransport t = new ScriptedTransport(clock);
        t.inner.failNextPolls(1_000);
        t.stopAt = 5;
        TickMetrics metrics = new TickMetrics();
        TickLoop s = loop(clock, t, metrics);
        s.run();
        assertThat(metrics.ticksSkipped.get()).isEqualTo(6);
        assertThat(t.tick.currentTick()).isZero();
        assertThat(s.tickedWithin(Long.MAX_VALUE)).as("no tick ran, so not ready").isFalse();

        t.inner.failNextPolls(0);
        t.stopAt = t.starts.size();
        s = loop(clock, t, metrics);
        s.run();
        assertThat(t.tick.currentTick()).isEqualTo(1);
        assertThat(s.tickedWithin(0)).as("the tick that just ran counts").isTrue();
        clock.advanceNanos(PERIOD);
        assertThat(s.tickedWithin(PERIOD - 1)).isFalse();
    }

    @Test
    void stopFromAnotherThreadEndsARealLoopPromptly() throws Exception {
        ScriptedTransport t = new ScriptedTransport(new ManualClock());
        TickMetrics metrics = new TickMetrics();
        TickLoop s = realLoop(t, metrics);
        Thread thread = s.start("room-test");
        while (metrics.ticks.get() < 5) {
            Thread.sleep(5);
        }
        assertThat(s.stopAndWait(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(thread.isAlive()).isFalse();
        long after = metrics.ticks.get();
        Thread.sleep(50);
        assertThat(metrics.ticks.get()).isEqualTo(after);
        assertThat(s.tickedWithin(java.time.Duration.ofSeconds(5).toNanos())).isTrue();
    }

    private static TickLoop realLoop(ScriptedTransport t, TickMetrics metrics) {
        TickConfig config = TickConfig.of(100, "test");
        TickScheduler s = new TickScheduler(config, t, new FakeWorld(10), new MsgpackCodec(), new FakeSessionVerifier(),
                System::nanoTime, metrics);
        return new TickLoop(s, config, System::nanoTime, Sleeper.parking(), metrics);
    }

    private static TickLoop realLoop(TickMetrics metrics) {
        return realLoop(new ScriptedTransport(new ManualClock()), metrics);
    }

    @Test
    void aStopRequestedBeforeTheLoopStartsIsKeptAndTheLoopNeverTicks() throws Exception {
        TickMetrics metrics = new TickMetrics();
        TickLoop s = realLoop(metrics);
        assertThat(s.stopAndWait(java.time.Duration.ofSeconds(5))).as("nothing was running").isTrue();
        Thread thread = s.start("room-test");
        thread.join(5_000);
        assertThat(thread.isAlive()).as("the earlier stop still holds").isFalse();
        assertThat(metrics.ticks.get()).isZero();
    }

    @Test
    void stopAndWaitRightAfterStartWaitsForTheLoopThread() throws Exception {
        for (int i = 0; i < 20; i++) {
            TickLoop s = realLoop(new TickMetrics());
            Thread thread = s.start("room-test-" + i);
            boolean stopped = s.stopAndWait(java.time.Duration.ofSeconds(5));
            boolean alive = thread.isAlive();
            if (alive) {
                s.stop(); // leave no loop behind if the assertion below fails
                thread.join(5_000);
            }
            assertThat(stopped).as("run %d reports success", i).isTrue();
            assertThat(alive).as("run %d: success means the thread is gone", i).isFalse();
        }
    }
}
