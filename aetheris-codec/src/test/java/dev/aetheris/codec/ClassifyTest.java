package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.Codec.FrameKind;
import org.junit.jupiter.api.Test;

class ClassifyTest {
    private final MsgpackCodec codec = new MsgpackCodec();

    @Test
    void tellsReplicationFramesFromEventFramesByTheFirstByte() throws Exception {
        byte[] buf = new byte[64];
        int n = codec.encode(new ReplicationEvent(42, 1, new byte[] {1, 2, 3, 4}, 100), buf, 0);
        assertThat(codec.classify(buf, 0, n)).isEqualTo(FrameKind.REPLICATION);
        n = codec.encodeEvent(new WireEvent.Ping(1), buf, 0);
        assertThat(codec.classify(buf, 0, n)).isEqualTo(FrameKind.EVENT);
        n = codec.encodeEvent(new WireEvent.StartSession(), buf, 0);
        assertThat(codec.classify(buf, 0, n)).isEqualTo(FrameKind.EVENT);
        assertThat(codec.classify(buf, 0, 0)).isEqualTo(FrameKind.EVENT);
        assertThat(codec.classify(new byte[] {0, (byte) 0x93}, 1, 1)).isEqualTo(FrameKind.REPLICATION);
    }
}
