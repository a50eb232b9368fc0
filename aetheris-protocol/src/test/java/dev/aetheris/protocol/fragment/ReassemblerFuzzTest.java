package dev.aetheris.protocol.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.event.FragmentedEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the reassembler with hostile fragment streams from up to three
 * senders (indices, totals and sizes out of range, duplicates, inconsistent totals, id reuse,
 * expiry, disconnects). The corpus replays in the normal test run; {@code -Pfuzz} explores.
 *
 * <p>Besides never throwing, a model of what was accepted checks that a delivered message is
 * exactly its first-arrived fragments in index order, that per-sender caps hold after every step
 * and that expiry forgets everything.
 */
class ReassemblerFuzzTest {
    private static final long TIMEOUT_NANOS = Duration.ofMillis(50).toNanos();
    private static final int MAX_PENDING = 4;
    private static final long BYTE_CAP = 4096;

    /** What the model believes is pending for one (sender, message id). */
    private static final class Partial {
        final long startNanos;
        final byte[][] parts;

        Partial(long startNanos, int total) {
            this.startNanos = startNanos;
            this.parts = new byte[total][];
        }
    }

    private long now;

    @FuzzTest
    void hostileFragmentStreams(FuzzedDataProvider data) {
        now = 0;
        Reassembler r = new Reassembler(() -> now, Duration.ofNanos(TIMEOUT_NANOS), MAX_PENDING, BYTE_CAP);
        Map<String, Partial> model = new HashMap<>();
        long deliveredByUs = 0;
        while (data.remainingBytes() > 0) {
            switch (data.consumeInt(0, 11)) {
                case 8 -> now += data.consumeLong(0, 2 * TIMEOUT_NANOS);
                case 9 -> {
                    r.prune();
                    model.values().removeIf(p -> now - p.startNanos > TIMEOUT_NANOS);
                }
                case 10 -> {
                    long sender = data.consumeInt(1, 3);
                    r.removeSender(sender);
                    model.keySet().removeIf(k -> k.startsWith(sender + "/"));
                }
                default -> deliveredByUs += ingestOne(r, model, data);
            }
            for (long s = 1; s <= 3; s++) {
                assertThat(r.pendingMessages(s)).isBetween(0, MAX_PENDING);
                assertThat(r.pendingBytes(s)).isBetween(0L, BYTE_CAP);
            }
        }
        assertThat(r.delivered()).isEqualTo(deliveredByUs);
        now += TIMEOUT_NANOS + 1;
        r.prune();
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.trackedSenders()).isZero();
    }

    private long ingestOne(Reassembler r, Map<String, Partial> model, FuzzedDataProvider data) {
        long sender = data.consumeInt(1, 3);
        // Mostly small ids and totals so fragments collide; sometimes anything at all.
        boolean wild = data.consumeInt(0, 7) == 0;
        long id = wild ? data.consumeLong() : data.consumeInt(0, 5);
        int total = wild ? data.consumeInt() : data.consumeInt(0, 6);
        int index = wild ? data.consumeInt() : data.consumeInt(-1, 6);
        byte[] payload = data.consumeBytes(data.consumeInt(0, wild ? Sizes.MAX_SAFE_PAYLOAD_SIZE + 1 : 1500));

        long rejectedBefore = r.rejectedTotal();
        byte[] out = r.ingest(sender, new FragmentedEvent(id, index, total, payload));
        boolean accepted = r.rejectedTotal() == rejectedBefore;
        String key = sender + "/" + id;
        if (!accepted) {
            assertThat(out).isNull();
            return 0;
        }
        assertThat(total).isBetween(1, Sizes.MAX_TOTAL_FRAGMENTS);
        assertThat(index).isBetween(0, total - 1);
        Partial p = model.computeIfAbsent(key, k -> new Partial(now, total));
        assertThat(p.parts.length).isEqualTo(total);
        assertThat(p.parts[index]).isNull();
        p.parts[index] = payload;
        boolean complete = true;
        for (byte[] part : p.parts) {
            complete &= part != null;
        }
        if (!complete) {
            assertThat(out).isNull();
            return 0;
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (byte[] part : p.parts) {
            expected.writeBytes(part);
        }
        model.remove(key);
        assertThat(out).isEqualTo(expected.toByteArray());
        assertThat((long) out.length).isLessThanOrEqualTo(BYTE_CAP);
        return 1;
    }
}
