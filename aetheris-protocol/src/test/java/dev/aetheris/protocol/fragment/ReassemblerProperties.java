package dev.aetheris.protocol.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.event.FragmentedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import dev.aetheris.protocol.testing.SeededTrials;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReassemblerProperties {

    /**
     * Split → shuffle, duplicate, drop → reassemble yields the original exactly when every
     * fragment arrived at least once, and nothing otherwise; never twice.
     */
    @Test
    void deliversExactlyWhenAllFragmentsArrive() {
        SeededTrials.run(300, ReassemblerProperties::splitShuffleDropAndReassemble);
    }

    private static void splitShuffleDropAndReassemble(Random rnd) {
        byte[] data = new byte[rnd.nextInt(3001)];
        rnd.nextBytes(data);
        int fragmentSize = rnd.nextInt(8, 701);
        int dropPercent = rnd.nextInt(31);
        int duplicatePercent = rnd.nextInt(51);
        List<FragmentedEvent> parts = new Fragmenter(fragmentSize).split(3, data, 0, data.length);
        List<FragmentedEvent> stream = new ArrayList<>();
        boolean[] arrived = new boolean[parts.size()];
        for (FragmentedEvent p : parts) {
            if (rnd.nextInt(100) < dropPercent) {
                continue;
            }
            arrived[p.fragmentIndex()] = true;
            stream.add(p);
            if (rnd.nextInt(100) < duplicatePercent) {
                stream.add(p);
            }
        }
        Collections.shuffle(stream, rnd);
        boolean all = true;
        for (boolean a : arrived) {
            all &= a;
        }
        Reassembler r = new Reassembler(() -> 0L, Duration.ofSeconds(5), 8, Long.MAX_VALUE / 2);
        List<byte[]> delivered = new ArrayList<>();
        for (FragmentedEvent f : stream) {
            byte[] out = r.ingest(9, f);
            if (out != null) {
                delivered.add(out);
            }
        }
        if (all) {
            assertThat(delivered).hasSize(1);
            assertThat(delivered.getFirst()).isEqualTo(data);
        } else {
            assertThat(delivered).isEmpty();
        }
    }

    /** Random fragment streams never throw and never exceed the per-sender caps. */
    @Test
    void randomStreamsStayWithinCaps() {
        SeededTrials.run(200, ReassemblerProperties::hostileStreamStaysWithinCaps);
    }

    private static void hostileStreamStaysWithinCaps(Random rnd) {
        List<FragmentedEvent> stream = new ArrayList<>();
        for (int i = rnd.nextInt(401); i > 0; i--) {
            stream.add(new FragmentedEvent(rnd.nextLong(41), rnd.nextInt(-2, 1101), rnd.nextInt(-1, 1101),
                    new byte[rnd.nextInt(1301)]));
        }
        int senders = rnd.nextInt(1, 4);
        AtomicLong now = new AtomicLong();
        long byteCap = 64 * 1024;
        Reassembler r = new Reassembler(now::get, Duration.ofMillis(50), 4, byteCap);
        long sender = 0;
        for (FragmentedEvent f : stream) {
            sender = (sender % senders) + 1;
            r.ingest(sender, f);
            now.addAndGet(Duration.ofMillis(1).toNanos());
            if (f.messageId() % 7 == 0) {
                r.prune();
            }
            for (long s = 1; s <= senders; s++) {
                assertThat(r.pendingMessages(s)).isLessThanOrEqualTo(4);
                assertThat(r.pendingBytes(s)).isBetween(0L, byteCap);
            }
        }
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        r.prune();
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.trackedSenders()).isZero();
        assertThat(r.rejectedTotal() + r.delivered()).isBetween(0L, 2L * stream.size());
    }

    @Test
    void fragmentCountMatchesSplit() {
        SeededTrials.run(50, rnd -> {
            // Exact multiples of the fragment size are the boundary cases, so half the trials use one.
            int len = rnd.nextBoolean() ? rnd.nextInt(Sizes.MAX_FRAGMENT_PAYLOAD_SIZE * 5 + 1)
                    : rnd.nextInt(6) * Sizes.MAX_FRAGMENT_PAYLOAD_SIZE;
            Fragmenter f = new Fragmenter();
            assertThat(f.split(1, new byte[len], 0, len)).hasSize(f.fragmentCount(len));
        });
    }
}
