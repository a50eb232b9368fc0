package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UlidTest {
    private final Ulid ulid = new Ulid(new SecureRandom());

    @Test
    void encodesTimeFirstInCrockfordBase32() {
        String id = ulid.next(1_469_922_850_259L);
        assertThat(id).hasSize(26).startsWith("01ARZ3NDEK");
        assertThat(Ulid.isValid(id)).isTrue();
        assertThat(Ulid.timestamp(id)).isEqualTo(1_469_922_850_259L);
    }

    @Test
    void idsAreDistinctAndSortByTime() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ulid.next(1000))).isTrue();
        }
        assertThat(ulid.next(2000).compareTo(ulid.next(1999))).isPositive();
    }

    @Test
    void rejectsWhatIsNotAUlid() {
        assertThat(Ulid.isValid(null)).isFalse();
        assertThat(Ulid.isValid("admin")).isFalse();
        assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAU")).isFalse(); // 'U' is not in the alphabet
        assertThat(Ulid.isValid("81ARZ3NDEKTSV4RRFFQ69G5FAV")).isFalse(); // overflows 128 bits
        assertThatThrownBy(() -> ulid.next(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
