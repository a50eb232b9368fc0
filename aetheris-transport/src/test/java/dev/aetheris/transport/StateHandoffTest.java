package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Newest state wins, and every buffer has exactly one owner that releases it. */
class StateHandoffTest {

    private static ByteBuf buf(long tick) {
        return Unpooled.directBuffer(8).writeLong(tick);
    }

    @Test
    void anUntakenStateIsSupersededAndReleasedByTheNextPublish() {
        StateHandoff h = new StateHandoff(4);
        ByteBuf a1 = buf(1);
        ByteBuf a2 = buf(1);
        assertThat(h.add(a1)).isTrue();
        assertThat(h.add(a2)).isTrue();
        assertThat(h.publish()).as("nothing older was waiting").isFalse();
        ByteBuf b1 = buf(2);
        h.add(b1);
        assertThat(h.publish()).as("tick 1 was never taken").isTrue();
        assertThat(a1.refCnt()).isZero();
        assertThat(a2.refCnt()).isZero();

        StateHandoff.Batch taken = h.take();
        assertThat(taken.count()).isEqualTo(1);
        assertThat(taken.get(0)).isSameAs(b1);
        taken.handedOff();
        assertThat(b1.refCnt()).as("the taker owns it now").isEqualTo(1);
        b1.release();
        assertThat(h.take()).as("taken once").isNull();
    }

    @Test
    void aTakenStateIsNotSupersededAndAFullTickRefusesMore() {
        StateHandoff h = new StateHandoff(2);
        h.add(buf(1));
        assertThat(h.hasUnpublished()).isTrue();
        h.publish();
        assertThat(h.hasUnpublished()).isFalse();
        StateHandoff.Batch t = h.take();
        ByteBuf first = t.get(0);
        t.handedOff();
        first.release();
        assertThat(h.add(buf(2))).isTrue();
        assertThat(h.add(buf(2))).isTrue();
        ByteBuf third = buf(2);
        assertThat(h.add(third)).as("capacity 2").isFalse();
        third.release();
        assertThat(h.publish()).isFalse();
        assertThat(h.publish()).as("an empty tick publishes nothing").isFalse();
        StateHandoff.Batch last = h.take();
        assertThat(last.count()).isEqualTo(2);
        ByteBuf b0 = last.get(0);
        ByteBuf b1 = last.get(1);
        last.handedOff();
        b0.release(); // the taker owns what it took
        b1.release();
    }

    @Test
    void releaseFreesWhatIsStillHeld() {
        StateHandoff h = new StateHandoff(2);
        ByteBuf published = buf(1);
        h.add(published);
        h.publish();
        ByteBuf unpublished = buf(2);
        h.add(unpublished);
        h.release();
        assertThat(published.refCnt()).isZero();
        assertThat(unpublished.refCnt()).isZero();
    }

    @Test
    void underRaceTheTakerNeverSeesOlderStateAndEveryBufferIsReleasedOnce() throws Exception {
        StateHandoff h = new StateHandoff(3);
        int ticks = 20_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong wentBack = new AtomicLong();
        AtomicLong mixed = new AtomicLong();
        List<ByteBuf> all = new ArrayList<>(ticks * 3);
        Thread taker = Thread.ofPlatform().start(() -> {
            long newest = -1;
            while (!done.get()) {
                StateHandoff.Batch b = h.take();
                if (b == null) {
                    Thread.onSpinWait();
                    continue;
                }
                long tick = b.get(0).getLong(0);
                for (int i = 0; i < b.count(); i++) {
                    if (b.get(i).getLong(0) != tick) {
                        mixed.incrementAndGet();
                    }
                    b.get(i).release();
                }
                b.handedOff();
                if (tick <= newest) {
                    wentBack.incrementAndGet();
                }
                newest = tick;
            }
        });
        long superseded = 0;
        for (long tick = 0; tick < ticks; tick++) {
            for (int i = 0; i < 3; i++) {
                ByteBuf b = buf(tick);
                all.add(b);
                h.add(b);
            }
            if (h.publish()) {
                superseded++;
            }
        }
        Thread.sleep(50);
        done.set(true);
        taker.join();
        h.release();
        assertThat(wentBack.get()).isZero();
        assertThat(mixed.get()).as("a batch holds exactly one tick").isZero();
        assertThat(all).allMatch(b -> b.refCnt() == 0);
        assertThat(superseded).isBetween(0L, (long) ticks - 1);
    }
}
