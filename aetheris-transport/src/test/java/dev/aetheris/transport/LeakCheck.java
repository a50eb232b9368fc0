package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fails a test when Netty's paranoid leak detector reports a ByteBuf that was never released. The
 * detector logs on {@code io.netty.util.ResourceLeakDetector}; {@link Appender} counts those reports.
 */
final class LeakCheck {
    static final AtomicInteger LEAKS = new AtomicInteger();

    private LeakCheck() {
    }

    /** Collects garbage, lets the detector scan, and asserts that no leak was reported. */
    static void assertNoLeaks() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            // The detector reports collected-but-unreleased buffers when new buffers are tracked.
            for (ByteBufAllocator a : new ByteBufAllocator[] {ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT,
                UnpooledByteBufAllocator.DEFAULT}) {
                for (int i = 0; i < 64; i++) {
                    ByteBuf b = a.directBuffer(16);
                    b.release();
                    ByteBuf h = a.heapBuffer(16);
                    h.release();
                }
            }
        }
        assertThat(LEAKS.get()).as("ByteBuf leaks reported by Netty's leak detector").isZero();
    }

    /** Counts leak reports. */
    public static final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getFormattedMessage().contains("LEAK")) {
                LEAKS.incrementAndGet();
            }
        }
    }
}
