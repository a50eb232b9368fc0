package dev.aetheris.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkIdAllocatorTest {

    @Test
    void startsAtMinDynamicAndCountsUpWithoutRepeats() {
        NetworkIdAllocator a = new NetworkIdAllocator();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long id = a.allocate();
            assertThat(id).isNotZero().isGreaterThanOrEqualTo(NetworkId.MIN_DYNAMIC);
            assertThat(seen.add(id)).as("id %d reused", id).isTrue();
        }
        assertThat(seen).contains(100L, 10_099L);
    }

    @Test
    void failsClearlyWhenTheRangeIsExhaustedAndStaysFailed() {
        NetworkIdAllocator a = new NetworkIdAllocator(5, 7);
        assertThat(a.allocate()).isEqualTo(5);
        assertThat(a.allocate()).isEqualTo(6);
        assertThat(a.remaining()).isEqualTo(1);
        assertThat(a.allocate()).isEqualTo(7);
        assertThat(a.remaining()).isZero();
        assertThatThrownBy(a::allocate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exhausted").hasMessageContaining("never reused");
        assertThatThrownBy(a::allocate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverReturnsZeroEvenAcrossTheUnsignedWrap() {
        // The last ids below 2^64: -2L and -1L (unsigned 2^64-2, 2^64-1).
        NetworkIdAllocator a = new NetworkIdAllocator(-2L, -1L);
        assertThat(a.allocate()).isEqualTo(-2L);
        assertThat(a.allocate()).isEqualTo(-1L);
        assertThatThrownBy(a::allocate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsZeroStartAndInvertedRange() {
        assertThatThrownBy(() -> new NetworkIdAllocator(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkIdAllocator(10, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idValueTypesRejectTheReservedZero() {
        assertThatThrownBy(() -> new NetworkId(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientId(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComponentKind(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NetworkId(-1L).toString()).isEqualTo("NetworkId(18446744073709551615)");
        assertThat(new ComponentKind(65535).value()).isEqualTo(65535);
    }

    @Test
    void sizeConstantsMatchUpstream() {
        assertThat(Sizes.MAX_SAFE_PAYLOAD_SIZE).isEqualTo(1200);
        assertThat(Sizes.MAX_TOTAL_FRAGMENTS).isEqualTo(1024);
        assertThat(Sizes.MAX_FRAGMENT_PAYLOAD_SIZE).isEqualTo(1136);
    }
}
