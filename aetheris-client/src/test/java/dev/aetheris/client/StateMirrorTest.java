package dev.aetheris.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.Components;
import org.junit.jupiter.api.Test;

/** Entities leaving and re-entering interest: no ghosts, and a re-entry is shown again. */
class StateMirrorTest {
    private static final int TRANSFORM = Components.TRANSFORM.kind();
    private final StateMirror mirror = new StateMirror();

    private void transform(long id, long tick, int marker) {
        byte[] payload = new byte[22];
        payload[0] = (byte) marker;
        mirror.record(id, TRANSFORM, payload, 0, payload.length, tick);
    }

    @Test
    void aLateDatagramAfterALeaveDoesNotBringTheEntityBack() {
        mirror.spawned(500, 1);
        transform(500, 10, 1);
        mirror.despawned(500); // left interest
        transform(500, 9, 2); // a datagram sent before the leave, arriving after it
        assertThat(mirror.contains(500)).isFalse();
        assertThat(mirror.size()).isZero();
    }

    @Test
    void anEntityThatReentersInterestIsMirroredAgain() {
        mirror.spawned(500, 1);
        transform(500, 10, 1);
        mirror.despawned(500);
        mirror.spawned(500, 1); // back within the radius: notice, then full state
        transform(500, 30, 3);
        assertThat(mirror.contains(500)).isTrue();
        assertThat(mirror.component(500, TRANSFORM)[0]).isEqualTo((byte) 3);
        transform(500, 20, 4); // older than the full state: ignored
        assertThat(mirror.component(500, TRANSFORM)[0]).isEqualTo((byte) 3);
        mirror.despawned(500);
        assertThat(mirror.ids()).isEmpty();
    }

    @Test
    void aSpawnNoticeOvertakenByItsDespawnLeavesNoGhost() {
        transform(600, 5, 1);
        mirror.despawned(600);
        mirror.spawned(600, 20); // the notice arrived after the despawn
        transform(600, 4, 2); // and a datagram of the entity's short life
        assertThat(mirror.contains(600)).isFalse();
    }
}
