package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.event.WireEvent;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The allocation-free spawn and despawn notices are byte for byte what {@code encodeEvent} writes. */
class NoticeEncodingProperties {
    private final MsgpackCodec codec = new MsgpackCodec();

    @Property(tries = 500)
    void spawnNoticeMatchesTheEventEncoding(@ForAll long networkId, @ForAll @IntRange(max = 0xffff) int kind,
                                            @ForAll @IntRange(max = 7) int offset) throws Exception {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        int n = codec.encodeEvent(new WireEvent.EntitySpawned(networkId, kind), a, offset);
        int m = codec.encodeEntitySpawned(networkId, kind, b, offset);
        assertThat(m).isEqualTo(n);
        assertThat(Arrays.copyOfRange(b, offset, offset + m)).isEqualTo(Arrays.copyOfRange(a, offset, offset + n));
    }

    @Property(tries = 500)
    void despawnNoticeMatchesTheEventEncoding(@ForAll long networkId) throws Exception {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        int n = codec.encodeEvent(new WireEvent.EntityDespawned(networkId), a, 0);
        assertThat(codec.encodeEntityDespawned(networkId, b, 0)).isEqualTo(n);
        assertThat(b).isEqualTo(a);
    }
}
