package dev.aetheris.protocol.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.event.FragmentedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ReassemblerProperties {

    /**
     * Split → shuffle, duplicate, drop → reassemble yields the original exactly when every
     * fragment arrived at least once, and nothing otherwise; never twice.
     */
    @Property(tries = 300)
    void deliversExactlyWhenAllFragmentsArrive(@ForAll @Size(max = 3000) byte[] data,
                                               @ForAll @IntRange(min = 8, max = 700) int fragmentSize,
                                               @ForAll long seed,
                                               @ForAll @IntRange(min = 0, max = 30) int dropPercent,
                                               @ForAll @IntRange(min = 0, max = 50) int duplicatePercent) {
        Random rnd = new Random(seed);
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

    @Provide
    Arbitrary<List<FragmentedEvent>> hostileFragments() {
        return Combinators.combine(
                Arbitraries.longs().between(0, 40),
                Arbitraries.integers().between(-2, 1100),
                Arbitraries.integers().between(-1, 1100),
                Arbitraries.integers().between(0, 1300)
        ).as((id, idx, total, len) -> new FragmentedEvent(id, idx, total, new byte[len])).list().ofMaxSize(400);
    }

    /** Random fragment streams never throw and never exceed the per-sender caps. */
    @Property(tries = 200)
    void randomStreamsStayWithinCaps(@ForAll("hostileFragments") List<FragmentedEvent> stream,
                                     @ForAll @IntRange(min = 1, max = 3) int senders) {
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

    @Property(tries = 50)
    void fragmentCountMatchesSplit(@ForAll @IntRange(min = 0, max = Sizes.MAX_FRAGMENT_PAYLOAD_SIZE * 5) int len) {
        Fragmenter f = new Fragmenter();
        assertThat(f.split(1, new byte[len], 0, len)).hasSize(f.fragmentCount(len));
    }
}
