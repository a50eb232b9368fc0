package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.testkit.Trials;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free spawn and despawn notices are byte for byte what {@code encodeEvent} writes. */
class NoticeEncodingProperties {
    private final MsgpackCodec codec = new MsgpackCodec();

    @Test
    void spawnNoticeMatchesTheEventEncoding() {
        Trials.run(500, this::spawnNoticeMatches);
    }

    private void spawnNoticeMatches(Random rnd) throws Exception {
        long networkId = rnd.nextLong();
        int kind = rnd.nextInt(0x10000);
        int offset = rnd.nextInt(8);
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        int n = codec.encodeEvent(new WireEvent.EntitySpawned(networkId, kind), a, offset);
        int m = codec.encodeEntitySpawned(networkId, kind, b, offset);
        assertThat(m).isEqualTo(n);
        assertThat(Arrays.copyOfRange(b, offset, offset + m)).isEqualTo(Arrays.copyOfRange(a, offset, offset + n));
    }

    @Test
    void despawnNoticeMatchesTheEventEncoding() {
        Trials.run(500, this::despawnNoticeMatches);
    }

    private void despawnNoticeMatches(Random rnd) throws Exception {
        long networkId = rnd.nextLong();
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        int n = codec.encodeEvent(new WireEvent.EntityDespawned(networkId), a, 0);
        assertThat(codec.encodeEntityDespawned(networkId, b, 0)).isEqualTo(n);
        assertThat(b).isEqualTo(a);
    }
}
