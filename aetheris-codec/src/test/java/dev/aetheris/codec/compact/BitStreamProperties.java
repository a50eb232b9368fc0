package dev.aetheris.codec.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.error.CodecException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import java.util.List;

class BitStreamProperties {

    @Property(tries = 300)
    void whatIsWrittenIsReadBack(@ForAll @Size(max = 40) List<Long> values, @ForAll @IntRange(min = 1, max = 64) int width)
            throws CodecException {
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

    @Property(tries = 300)
    void tieredValuesRoundTripForEveryWidth(@ForAll @IntRange(min = 1, max = 64) int width, @ForAll long a, @ForAll long b)
            throws CodecException {
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

    @Property(tries = 100)
    void aWriteThatDoesNotFitIsUndoneByRewind(@ForAll @IntRange(min = 1, max = 64) int width) {
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

    @Property(tries = 300)
    void wordWideWritesProduceTheSameBytesOverAnyStaleBuffer(@ForAll @Size(max = 60) List<Long> values,
                                                            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 64) Integer> widths,
                                                            @ForAll @IntRange(min = 8, max = 200) int limit) {
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
