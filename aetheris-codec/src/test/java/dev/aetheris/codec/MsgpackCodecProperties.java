package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.codec.WireGen.SchemaValue;
import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.testkit.Trials;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property-style tests over seeded random values ({@link WireGen}); see {@link Trials} for replaying a seed. */
class MsgpackCodecProperties {
    private final MsgpackCodec codec = new MsgpackCodec();

    // ------------------------------------------------------------ round trips

    @Test
    void eventEncodeDecodeIsIdentity() {
        Trials.run(1500, rnd -> {
            WireEvent event = WireGen.wireEvent(rnd);
            byte[] out = new byte[70_000];
            int n = codec.encodeEvent(event, out, 3);
            assertThat(codec.decodeEvent(out, 3, n)).isEqualTo(event);
        });
    }

    @Test
    void componentEncodeDecodeIsIdentity() {
        Trials.run(1500, rnd -> componentRoundTrips(WireGen.componentValue(rnd)));
    }

    private void componentRoundTrips(SchemaValue sv) throws CodecException {
        byte[] bytes = ComponentValues.encode(sv.schema(), sv.value());
        assertThat(ComponentValues.decode(sv.schema(), bytes)).isEqualTo(sv.value());
        byte[] frame = new byte[bytes.length + 32];
        int n = codec.encode(new ReplicationEvent(7, sv.schema().kind(), bytes, 9), frame, 0);
        assertThat(codec.decode(frame, 0, n).payload()).isEqualTo(bytes);
    }

    @Test
    void replicationFrameRoundTrips() {
        Trials.run(500, rnd -> {
            ReplicationEvent e = WireGen.replicationEvent(rnd);
            byte[] out = new byte[2000];
            int n = codec.encode(e, out, 0);
            assertThat(codec.decode(out, 0, n))
                    .isEqualTo(new ComponentUpdate(e.networkId(), e.componentKind(), e.tick(), e.payload()));
        });
    }

    /** The tick's batch pieces concatenate to exactly the event encoding of the whole batch. */
    @Test
    void batchHeaderPlusRecordsEqualsEncodedBatch() {
        // Half the batches cross 15 records, where the array header grows from fixarray to array16.
        Trials.run(500, rnd -> piecesEqualTheWhole(rnd.nextBoolean() ? WireGen.replicationEvents(rnd, 0, 20)
                : WireGen.replicationEvents(rnd, 15, 40)));
    }

    private void piecesEqualTheWhole(List<ReplicationEvent> events) throws CodecException {
        byte[] whole = new byte[1 << 20];
        int n = codec.encodeEvent(new WireEvent.ReplicationBatch(events), whole, 0);

        byte[] pieces = new byte[1 << 20];
        int p = codec.writeBatchHeader(events.size(), pieces, 0);
        assertThat(p).isEqualTo(codec.batchHeaderSize(events.size()));
        for (ReplicationEvent e : events) {
            byte[] padded = new byte[e.payload().length + 5];
            System.arraycopy(e.payload(), 0, padded, 2, e.payload().length);
            p += codec.encodeBatchRecord(e.networkId(), e.componentKind(), padded, 2, e.payload().length, e.tick(),
                    pieces, p);
        }
        assertThat(p).isEqualTo(n);
        assertThat(Arrays.copyOf(pieces, p)).isEqualTo(Arrays.copyOf(whole, n));
    }

    /** Overflow is typed and exact: the needed size equals the real encoding's size. */
    @Test
    void overflowReportsTheExactSize() {
        Trials.run(500, rnd -> overflowIsExact(WireGen.wireEvent(rnd), rnd.nextInt(101)));
    }

    private void overflowIsExact(WireEvent event, int pct) throws CodecException {
        byte[] big = new byte[70_000];
        int size = codec.encodeEvent(event, big, 0);
        int available = size * pct / 100 - (pct == 100 ? 1 : 0);
        if (available < 0) {
            return;
        }
        byte[] small = new byte[available];
        assertThatThrownBy(() -> codec.encodeEvent(event, small, 0))
                .isInstanceOfSatisfying(CodecException.class, ex -> assertThat(ex.error())
                        .isEqualTo(new CodecError.BufferOverflow(size, available)));
    }

    // ------------------------------------------------------------ hostile input

    private void onlyTypedErrors(byte[] in) {
        List<ThrowingDecode> decoders = new ArrayList<>(List.of(
                () -> codec.decodeEvent(in, 0, in.length),
                () -> codec.decode(in, 0, in.length),
                () -> codec.decodeInput(in, 0, in.length)));
        for (ComponentSchema s : Components.ALL) {
            decoders.add(() -> ComponentValues.decode(s, in));
        }
        for (ThrowingDecode d : decoders) {
            try {
                d.run();
            } catch (CodecException e) {
                assertThat(e.error()).isNotNull();
                if (e.error() instanceof CodecError.MalformedPayload m) {
                    assertThat(m.offset()).isBetween(0, in.length);
                }
            }
        }
    }

    interface ThrowingDecode {
        Object run() throws CodecException;
    }

    @Test
    void randomBytesOnlyEverGiveTypedErrors() {
        Trials.run(3000, rnd -> onlyTypedErrors(Trials.bytes(rnd, 64)));
    }

    @Test
    void mutatedEncodingsOnlyEverGiveTypedErrors() {
        Trials.run(2000, rnd -> {
            WireEvent event = WireGen.wireEvent(rnd);
            byte[] out = new byte[70_000];
            int n = codec.encodeEvent(event, out, 0);
            byte[] valid = Arrays.copyOf(out, n);
            for (int round = 0; round < 8; round++) {
                onlyTypedErrors(mutate(valid, rnd));
            }
        });
    }

    @Test
    void mutatedComponentsOnlyEverGiveTypedErrors() {
        Trials.run(1000, rnd -> {
            SchemaValue sv = WireGen.componentValue(rnd);
            byte[] valid = ComponentValues.encode(sv.schema(), sv.value());
            for (int round = 0; round < 8; round++) {
                onlyTypedErrors(mutate(valid, rnd));
            }
        });
    }

    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        int len = b.length;
        switch (rnd.nextInt(5)) {
            case 0 -> {
                if (len > 0) {
                    b[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(len + 1));
            case 2 -> {
                int at = rnd.nextInt(len + 1);
                byte[] c = new byte[len + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, c, at + 1, len - at);
                b = c;
            }
            case 3 -> {
                if (len > 0) {
                    int at = rnd.nextInt(len);
                    byte[] c = new byte[len - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, len - at - 1);
                    b = c;
                }
            }
            default -> {
                // Interesting markers: lengths, containers, extremes.
                if (len > 0) {
                    int[] markers = {0xc0, 0xc1, 0xc4, 0xd9, 0xdc, 0xdd, 0xde, 0xdf, 0xc6, 0xdb, 0x9f, 0x8f, 0xbf, 0xff, 0xcf};
                    b[rnd.nextInt(len)] = (byte) markers[rnd.nextInt(markers.length)];
                }
            }
        }
        return b;
    }
}
