package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.testkit.Trials;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class QuicVarintProperties {

    @Test
    void roundTripsWithTheShortestLength() {
        // Each length class (1, 2, 4, 8 bytes) is drawn equally often, with its bounds as edges.
        long[] bounds = {0, 63, 64, 16_383, 16_384, 1_073_741_823, 1_073_741_824, QuicVarint.MAX_VALUE};
        Trials.run(1000, rnd -> {
            int cls = rnd.nextInt(4);
            roundTrips(Trials.withEdges(rnd, bounds[cls * 2], bounds[cls * 2 + 1], bounds));
        });
    }

    private static void roundTrips(long v) {
        ByteBuf b = Unpooled.buffer();
        try {
            QuicVarint.write(b, v);
            assertThat(b.readableBytes()).isEqualTo(QuicVarint.encodedLength(v));
            assertThat(QuicVarint.lengthOf(b.getByte(0))).isEqualTo(b.readableBytes());
            assertThat(QuicVarint.peek(b, 0, b.writerIndex())).isEqualTo(v);
            assertThat(QuicVarint.peek(b, 0, b.writerIndex() - 1)).isEqualTo(QuicVarint.INCOMPLETE);
        } finally {
            b.release();
        }
    }

    @Test
    void matchesTheRfc9000Examples() {
        // RFC 9000 appendix A.1 sample encodings.
        assertThat(decode(0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c)).isEqualTo(151_288_809_941_952_652L);
        assertThat(decode(0x9d, 0x7f, 0x3e, 0x7d)).isEqualTo(494_878_333L);
        assertThat(decode(0x7b, 0xbd)).isEqualTo(15_293L);
        assertThat(decode(0x25)).isEqualTo(37L);
        assertThat(decode(0x40, 0x25)).isEqualTo(37L); // non-minimal forms are accepted
    }

    private static long decode(int... bytes) {
        ByteBuf b = Unpooled.buffer();
        try {
            for (int x : bytes) {
                b.writeByte(x);
            }
            return QuicVarint.peek(b, 0, b.writerIndex());
        } finally {
            b.release();
        }
    }
}
