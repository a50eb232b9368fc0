package dev.aetheris.protocol.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.fragment.Reassembler.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReassemblerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Reassembler r = new Reassembler(now::get, Duration.ofSeconds(5), 8, 2 * 1024 * 1024);

    private static FragmentedEvent frag(long id, int index, int total, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new FragmentedEvent(id, index, total, b);
    }

    @Test
    void reassemblesOutOfOrderFragmentsInIndexOrder() {
        assertThat(r.ingest(1, frag(7, 2, 3, 5, 6))).isNull();
        assertThat(r.ingest(1, frag(7, 0, 3, 1, 2))).isNull();
        assertThat(r.ingest(1, frag(7, 1, 3, 3, 4))).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.pendingBytes(1)).isZero();
        assertThat(r.delivered()).isEqualTo(1);
    }

    @Test
    void keysBySenderSoSameMessageIdsDoNotMix() {
        assertThat(r.ingest(1, frag(7, 0, 2, 1))).isNull();
        assertThat(r.ingest(2, frag(7, 1, 2, 9))).isNull();
        assertThat(r.ingest(1, frag(7, 1, 2, 2))).containsExactly(1, 2);
        assertThat(r.ingest(2, frag(7, 0, 2, 8))).containsExactly(8, 9);
    }

    @Test
    void rejectsInvalidTotalsAndIndicesWithCountedReasons() {
        assertThat(r.ingest(1, frag(1, 0, 0, 1))).isNull();
        assertThat(r.ingest(1, frag(1, 0, Sizes.MAX_TOTAL_FRAGMENTS + 1, 1))).isNull();
        assertThat(r.ingest(1, frag(1, 3, 3, 1))).isNull();
        assertThat(r.ingest(1, frag(1, -1, 3, 1))).isNull();
        assertThat(r.rejected(Rejection.INVALID_TOTAL)).isEqualTo(2);
        assertThat(r.rejected(Rejection.INDEX_OUT_OF_RANGE)).isEqualTo(2);
        assertThat(r.pendingMessages()).as("no state kept for invalid fragments").isZero();
    }

    @Test
    void inconsistentTotalIsRejectedAndTheMessageStillCompletes() {
        r.ingest(1, frag(9, 0, 2, 1));
        assertThat(r.ingest(1, frag(9, 1, 3, 2))).isNull();
        assertThat(r.rejected(Rejection.INCONSISTENT_TOTAL)).isEqualTo(1);
        assertThat(r.ingest(1, frag(9, 1, 2, 2))).containsExactly(1, 2);
    }

    @Test
    void firstCopyOfADuplicateWins() {
        r.ingest(1, frag(4, 0, 2, 1));
        assertThat(r.ingest(1, frag(4, 0, 2, 99))).isNull();
        assertThat(r.rejected(Rejection.DUPLICATE_FRAGMENT)).isEqualTo(1);
        assertThat(r.ingest(1, frag(4, 1, 2, 2))).containsExactly(1, 2);
    }

    @Test
    void completedMessagesAreNeverDeliveredTwiceIncludingSingleFragmentOnes() {
        assertThat(r.ingest(1, frag(5, 0, 1, 42))).containsExactly(42);
        assertThat(r.ingest(1, frag(5, 0, 1, 42))).isNull();
        r.ingest(1, frag(6, 0, 2, 1));
        assertThat(r.ingest(1, frag(6, 1, 2, 2))).isNotNull();
        assertThat(r.ingest(1, frag(6, 1, 2, 2))).isNull();
        assertThat(r.ingest(1, frag(6, 0, 2, 1))).isNull();
        assertThat(r.rejected(Rejection.ALREADY_COMPLETED)).isEqualTo(3);
        assertThat(r.pendingMessages()).as("a late duplicate must not open a new buffer").isZero();
    }

    @Test
    void timeoutCountsFromTheFirstFragmentNotTheLast() {
        r.ingest(1, frag(1, 0, 3, 1));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        r.ingest(1, frag(1, 1, 3, 2)); // does not extend the life
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        r.prune();
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.rejected(Rejection.EXPIRED)).isEqualTo(1);
        assertThat(r.ingest(1, frag(1, 2, 3, 3))).as("remaining fragment starts over, does not complete").isNull();
        assertThat(r.trackedSenders()).isEqualTo(1);
    }

    @Test
    void pruneForgetsSendersWithNothingLeft() {
        r.ingest(1, frag(1, 0, 1, 1));
        r.ingest(2, frag(1, 0, 2, 1));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        r.prune();
        assertThat(r.trackedSenders()).isZero();
    }

    @Test
    void capsPendingMessagesPerSender() {
        for (int id = 0; id < 8; id++) {
            assertThat(r.ingest(1, frag(id, 0, 2, 1))).isNull();
        }
        assertThat(r.ingest(1, frag(100, 0, 2, 1))).isNull();
        assertThat(r.rejected(Rejection.TOO_MANY_PENDING)).isEqualTo(1);
        assertThat(r.pendingMessages(1)).isEqualTo(8);
        assertThat(r.ingest(2, frag(100, 0, 2, 1))).as("other senders are unaffected").isNull();
        assertThat(r.pendingMessages(2)).isEqualTo(1);
    }

    @Test
    void capsPendingBytesPerSender() {
        Reassembler small = new Reassembler(now::get, Duration.ofSeconds(5), 8, 10);
        assertThat(small.ingest(1, new FragmentedEvent(1, 0, 3, new byte[6]))).isNull();
        assertThat(small.ingest(1, new FragmentedEvent(1, 1, 3, new byte[6]))).isNull();
        assertThat(small.rejected(Rejection.TOO_MANY_BYTES)).isEqualTo(1);
        assertThat(small.pendingBytes(1)).isEqualTo(6);
    }

    @Test
    void oversizedFragmentsAreRefused() {
        assertThat(r.ingest(1, new FragmentedEvent(1, 0, 2, new byte[Sizes.MAX_SAFE_PAYLOAD_SIZE + 1]))).isNull();
        assertThat(r.rejected(Rejection.OVERSIZED_FRAGMENT)).isEqualTo(1);
    }

    @Test
    void reassembledMessagesAreCappedAtTheSingleMessageMaximum() {
        int piece = Sizes.MAX_FRAGMENT_PAYLOAD_SIZE;
        int total = Sizes.MAX_TOTAL_FRAGMENTS; // 1024 full fragments would make 1.1 MiB
        int accepted = 0;
        for (int i = 0; i < total; i++) {
            byte[] out = r.ingest(1, new FragmentedEvent(9, i, total, new byte[piece]));
            assertThat(out).isNull();
            if (r.rejected(Rejection.MESSAGE_TOO_LARGE) == 0) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(Sizes.MAX_REASSEMBLED_SIZE / piece);
        assertThat(r.rejected(Rejection.MESSAGE_TOO_LARGE)).isEqualTo(1);
        assertThat(r.rejected(Rejection.ALREADY_COMPLETED)).isEqualTo(total - accepted - 1);
        assertThat(r.pendingBytes(1)).isZero();
        assertThat(r.pendingMessages(1)).isZero();

        // Exactly the maximum still arrives.
        byte[] max = new byte[Sizes.MAX_REASSEMBLED_SIZE];
        java.util.Arrays.fill(max, (byte) 7);
        byte[] out = null;
        for (FragmentedEvent part : new Fragmenter().split(10, max, 0, max.length)) {
            out = r.ingest(1, part);
        }
        assertThat(out).isEqualTo(max);
        assertThat(Sizes.MAX_REASSEMBLED_SIZE).isEqualTo(Sizes.MAX_RELIABLE_MESSAGE_SIZE);
        assertThat(new Fragmenter().fits(Sizes.MAX_REASSEMBLED_SIZE + 1)).isFalse();
    }

    @Test
    void removeSenderDropsItsState() {
        r.ingest(1, frag(1, 0, 2, 1));
        r.removeSender(1);
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.trackedSenders()).isZero();
    }

    @Test
    void fragmenterAndReassemblerRoundTripALargeMessage() {
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        List<FragmentedEvent> parts = new Fragmenter().split(77, data, 0, data.length);
        assertThat(parts).hasSize(5);
        assertThat(parts).allSatisfy(p -> assertThat(p.payload().length).isLessThanOrEqualTo(Sizes.MAX_FRAGMENT_PAYLOAD_SIZE));
        byte[] out = null;
        for (int i = parts.size() - 1; i >= 0; i--) {
            out = r.ingest(3, parts.get(i));
        }
        assertThat(out).isEqualTo(data);
    }

    @Test
    void fragmenterRefusesMessagesNeedingTooManyFragments() {
        Fragmenter f = new Fragmenter(10);
        assertThat(f.fits(10 * Sizes.MAX_TOTAL_FRAGMENTS)).isTrue();
        assertThat(f.fits(10 * Sizes.MAX_TOTAL_FRAGMENTS + 1)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.split(1, new byte[10 * 1024 + 1], 0, 10 * 1024 + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025 fragments");
        assertThat(f.split(1, new byte[0], 0, 0)).singleElement()
                .satisfies(e -> assertThat(e.payload()).isEmpty());
    }
}
