package dev.aetheris.codec.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.testkit.Trials;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitStreamProperties {

    /** Random longs biased to the edges (0, ±1, extremes), where bit writers break. */
    private static long anyLong(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> 0L;
            case 1 -> rnd.nextBoolean() ? 1L : -1L;
            case 2 -> rnd.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> rnd.nextLong();
        };
    }

    private static List<Long> longs(Random rnd, int max) {
        int n = rnd.nextInt(max + 1);
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(anyLong(rnd));
        }
        return out;
    }

    @Test
    void whatIsWrittenIsReadBack() {
        Trials.run(300, rnd -> whatIsWrittenIsReadBack(longs(rnd, 40), 1 + rnd.nextInt(64)));
    }

    private static void whatIsWrittenIsReadBack(List<Long> values, int width) throws CodecException {
        byte[] buf = new byte[1024];
        BitWriter w = new BitWriter().reset(buf, 3, buf.length);
        for (long v : values) {
            w.write(v, width);
            w.writeVar(v);
            w.writeBit((v & 1) != 0);
        }
        assertThat(w.overflowed()).isFalse();
        BitReader r = new BitReader().reset(buf, 0, 3, 3 + w.byteLength());
        long mask = width == 64 ? -1L : (1L << width) - 1;
        for (long v : values) {
            assertThat(r.read(width)).isEqualTo(v & mask);
            assertThat(r.readVar()).isEqualTo(v);
            assertThat(r.readBit()).isEqualTo((v & 1) != 0);
        }
        r.expectEnd();
    }

    @Test
    void aRunReadBackAndRewrittenElsewhereGivesTheSameBits() {
        Trials.run(300, rnd -> {
            List<Long> values = longs(rnd, 20);
            int width = 1 + rnd.nextInt(64);
            byte[] a = new byte[1024];
            BitWriter w = new BitWriter().reset(a, 0, a.length - BitWriter.SLACK);
            w.write(rnd.nextLong(), rnd.nextInt(64)); // the run starts at any bit
            long from = w.position();
            for (long v : values) {
                w.write(v, width);
            }
            long run = w.position() - from;
            // Copy the run 64 bits at a time into a second stream at another offset.
            byte[] b = new byte[1024];
            BitWriter copy = new BitWriter().reset(b, 0, b.length - BitWriter.SLACK);
            int lead = rnd.nextInt(64);
            copy.write(0, lead);
            for (long at = 0; at < run; at += 64) {
                int n = (int) Math.min(64, run - at);
                copy.write(w.bitsAt(from + at, n), n);
            }
            BitReader r = new BitReader().reset(b, 0, 0, copy.byteLength());
            r.read(lead);
            long mask = width == 64 ? -1L : (1L << width) - 1;
            for (long v : values) {
                assertThat(r.read(width)).isEqualTo(v & mask);
            }
        });
    }

    @Test
    void tieredValuesRoundTripForEveryWidth() {
        Trials.run(300, rnd -> tieredValuesRoundTrip(1 + rnd.nextInt(64), anyLong(rnd), anyLong(rnd)));
    }

    private static void tieredValuesRoundTrip(int width, long a, long b) throws CodecException {
        CompactField f = new CompactField(CompactType.UINT, width, 0, 1);
        long q = a & f.maxQ();
        long base = b & f.maxQ();
        byte[] buf = new byte[16];
        BitWriter w = new BitWriter().reset(buf, 0, buf.length);
        SnapshotFormat.writeValue(w, f, q, base);
        assertThat(w.position()).isEqualTo(SnapshotFormat.valueBits(f, q, base));
        BitReader r = new BitReader().reset(buf, 0, 0, w.byteLength());
        assertThat(SnapshotFormat.readValue(r, f, base)).isEqualTo(q);
    }

    @Test
    void aWriteThatDoesNotFitIsUndoneByRewind() {
        for (int width = 1; width <= 64; width++) {
            aWriteThatDoesNotFitIsUndoneByRewind(width);
        }
    }

    private static void aWriteThatDoesNotFitIsUndoneByRewind(int width) {
        byte[] buf = new byte[4];
        BitWriter w = new BitWriter().reset(buf, 0, 4);
        w.write(5, 3);
        long mark = w.mark();
        w.write(-1L, 30 + width);
        assertThat(w.overflowed()).isTrue();
        w.rewind(mark);
        assertThat(w.overflowed()).isFalse();
        assertThat(w.byteLength()).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 5);
    }

    @Test
    void wordWideWritesProduceTheSameBytesOverAnyStaleBuffer() {
        Trials.run(300, rnd -> {
            List<Long> values = longs(rnd, 60);
            List<Integer> widths = new ArrayList<>();
            int n = rnd.nextInt(61);
            for (int i = 0; i < n; i++) {
                widths.add(rnd.nextInt(65));
            }
            sameBytesOverAnyStaleBuffer(values, widths, 8 + rnd.nextInt(193));
        });
    }

    private static void sameBytesOverAnyStaleBuffer(List<Long> values, List<Integer> widths, int limit) {
        byte[] narrow = new byte[limit];
        byte[] wide = new byte[limit + BitWriter.SLACK];
        java.util.Arrays.fill(narrow, (byte) 0x5a);
        java.util.Arrays.fill(wide, (byte) 0xff);
        BitWriter a = new BitWriter().reset(narrow, 0, limit);
        BitWriter b = new BitWriter().reset(wide, 0, limit);
        for (int i = 0; i < Math.min(values.size(), widths.size()); i++) {
            long mark = a.mark();
            a.write(values.get(i), widths.get(i));
            b.write(values.get(i), widths.get(i));
            if (a.overflowed() || i % 7 == 3) { // overflow, or an entity dropped on purpose
                a.rewind(mark);
                b.rewind(mark);
            }
            assertThat(b.position()).isEqualTo(a.position());
        }
        int n = a.byteLength();
        assertThat(java.util.Arrays.copyOf(wide, n)).isEqualTo(java.util.Arrays.copyOf(narrow, n));
    }
}
