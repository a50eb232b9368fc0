package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.testkit.FakeSessionVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuthVerifierTest {
    private final FakeSessionVerifier sessions = new FakeSessionVerifier();
    private final List<String> results = new ArrayList<>();
    private final AuthVerifier.ResultHandler collect = (id, r) -> results.add(id + ":"
            + (r instanceof AuthResult.Accepted ? "ok" : ((AuthResult.Rejected) r).reason()));

    @Test
    void onDrainChecksWaitingTokensInOrderAndRefusesBeyondCapacity() {
        sessions.issue("good", "p1", false);
        try (AuthVerifier v = AuthVerifier.onDrain(sessions, 3)) {
            assertThat(v.submit(1, "good")).isTrue();
            assertThat(v.submit(2, "forged")).isTrue();
            assertThat(v.submit(3, "forged")).isTrue();
            assertThat(v.submit(4, "good")).as("full").isFalse();
            assertThat(v.inFlight()).isEqualTo(3);
            assertThat(v.drain(collect)).isEqualTo(3);
            assertThat(results).containsExactly("1:ok", "2:BAD_SIGNATURE", "3:BAD_SIGNATURE");
            assertThat(v.inFlight()).isZero();
            assertThat(v.submit(4, "good")).as("room again once collected").isTrue();
            assertThat(v.drain(collect)).isEqualTo(1);
            assertThat(v.drain(collect)).isZero();
            assertThat(v.highWater()).isEqualTo(3);
        }
    }

    @Test
    void inBackgroundModeTheWorkerChecksAndTheCallerOnlyCollects() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread[] checkedOn = new Thread[1];
        AuthResult.Accepted ok = new AuthResult.Accepted(sessions.issue("good", "p1", false));
        dev.aetheris.protocol.seam.SessionVerifier slow = new dev.aetheris.protocol.seam.SessionVerifier() {
            @Override
            public AuthResult authenticate(String token) {
                checkedOn[0] = Thread.currentThread();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ok;
            }

            @Override
            public boolean isActive(dev.aetheris.protocol.seam.Session s) {
                return true;
            }
        };
        try (AuthVerifier v = AuthVerifier.background(slow, 2)) {
            assertThat(v.submit(7, "good")).isTrue();
            assertThat(v.drain(collect)).as("a slow check does not hold up the caller").isZero();
            release.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (v.drain(collect) == 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(results).containsExactly("7:ok");
            assertThat(checkedOn[0]).isNotEqualTo(Thread.currentThread());
            assertThat(checkedOn[0].getName()).isEqualTo("aetheris-auth-verify");
        }
    }

    @Test
    void aThrowingVerifierRejectsInsteadOfLosingTheSlot() {
        dev.aetheris.protocol.seam.SessionVerifier broken = new dev.aetheris.protocol.seam.SessionVerifier() {
            @Override
            public AuthResult authenticate(String token) {
                throw new IllegalStateException("boom");
            }

            @Override
            public boolean isActive(dev.aetheris.protocol.seam.Session s) {
                return true;
            }
        };
        try (AuthVerifier v = AuthVerifier.onDrain(broken, 1)) {
            assertThat(v.submit(1, "x")).isTrue();
            v.drain(collect);
            assertThat(results).containsExactly("1:MALFORMED");
            assertThat(v.submit(2, "x")).isTrue();
        }
    }
}
