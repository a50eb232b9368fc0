package dev.aetheris.transport.webtransport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.transport.QuicVarint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CapsulesTest {
    private final Capsules capsules = new Capsules(ByteBufAllocator.DEFAULT);

    @AfterEach
    void release() {
        capsules.release();
    }

    private Capsules.Result feed(ByteBuf b) {
        try {
            return capsules.feed(b);
        } finally {
            b.release();
        }
    }

    @Test
    void aCloseCapsuleSplitAcrossDataFramesIsReportedWithCodeAndReason() {
        ByteBuf close = Capsules.closeSession(ByteBufAllocator.DEFAULT, 4001, "revoked");
        byte[] all = new byte[close.readableBytes()];
        close.readBytes(all);
        close.release();
        for (int i = 0; i < all.length - 1; i++) {
            assertThat(feed(Unpooled.wrappedBuffer(all, i, 1))).as("after byte %d", i).isEqualTo(Capsules.Result.MORE);
        }
        assertThat(feed(Unpooled.wrappedBuffer(all, all.length - 1, 1))).isEqualTo(Capsules.Result.CLOSE);
        assertThat(capsules.closeCode()).isEqualTo(4001);
        assertThat(capsules.closeReason()).isEqualTo("revoked");
    }

    @Test
    void unknownCapsulesAreSkippedAndACloseAfterThemStillCounts() {
        ByteBuf in = Unpooled.buffer();
        QuicVarint.write(in, 0x78ae); // DRAIN_WEBTRANSPORT_SESSION, no payload
        QuicVarint.write(in, 0);
        QuicVarint.write(in, 0x1234); // unknown, 3 bytes
        QuicVarint.write(in, 3);
        in.writeBytes(new byte[] {1, 2, 3});
        assertThat(feed(in.retainedDuplicate())).isEqualTo(Capsules.Result.MORE);
        in.release();
        assertThat(feed(Capsules.closeSession(ByteBufAllocator.DEFAULT, 0, ""))).isEqualTo(Capsules.Result.CLOSE);
        assertThat(capsules.closeReason()).isEmpty();
    }

    @Test
    void anOversizeCapsuleIsRefusedBeforeItsPayloadArrives() {
        ByteBuf in = Unpooled.buffer();
        QuicVarint.write(in, 0x1234);
        QuicVarint.write(in, Capsules.MAX_CAPSULE + 1);
        assertThat(feed(in)).isEqualTo(Capsules.Result.TOO_LARGE);
    }

    @Test
    void aLongCloseReasonIsCutToTheDraftsLimit() {
        ByteBuf close = Capsules.closeSession(ByteBufAllocator.DEFAULT, 1, "x".repeat(5000));
        assertThat(feed(close)).isEqualTo(Capsules.Result.CLOSE);
        assertThat(capsules.closeReason()).hasSize(Capsules.MAX_REASON_BYTES);
    }
}
