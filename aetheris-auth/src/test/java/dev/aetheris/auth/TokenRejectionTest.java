package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.AuthResult.Reason;
import dev.aetheris.protocol.seam.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The happy path and every counted reason a token is refused, including forgeries. */
class TokenRejectionTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private AuthService auth;

    @BeforeEach
    void open() {
        auth = AuthService.builder(AuthConfig.of(dir, true, null)).clock(clock).backgroundSync(false).build();
    }

    @AfterEach
    void close() {
        auth.close();
    }

    private Reason rejection(String token) {
        AuthResult r = auth.authenticate(token);
        assertThat(r).isInstanceOf(AuthResult.Rejected.class);
        return ((AuthResult.Rejected) r).reason();
    }

    private void assertRejected(String token, Reason expected) {
        long before = auth.metrics().rejections(expected);
        assertThat(rejection(token)).isEqualTo(expected);
        assertThat(auth.metrics().rejections(expected)).isEqualTo(before + 1);
    }

    private JWTClaimsSet.Builder validClaims() {
        long now = clock.millis();
        return new JWTClaimsSet.Builder().issuer(AuthConfig.DEFAULT_ISSUER).subject("player-1")
                .jwtID(auth.ulid().next(now)).issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000))
                .claim("roles", List.of("admin"));
    }

    @Test
    void aFreshTokenIsAcceptedWithItsClaims() throws Exception {
        IssueResult.Issued issued = auth.login("dev:ann", Set.of(Session.ADMIN));
        AuthResult r = auth.authenticate(issued.token());
        assertThat(r).isInstanceOf(AuthResult.Accepted.class);
        Session s = ((AuthResult.Accepted) r).session();
        assertThat(s).isEqualTo(issued.session());
        assertThat(s.isAdmin()).isTrue();
        assertThat(s.expiresAtEpochMilli()).isEqualTo(clock.millis() + Duration.ofHours(24).toMillis());

        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(auth.keys().signingKid());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getIssuer()).isEqualTo("aetheris");
        assertThat(c.getSubject()).isEqualTo(s.playerId());
        assertThat(Ulid.isValid(c.getJWTID())).isTrue();
        assertThat(c.getStringListClaim("roles")).containsExactly("admin");
        assertThat(c.getExpirationTime().getTime() - c.getIssueTime().getTime()).isEqualTo(86_400_000L);
        assertThat(auth.metrics().count(AuthMetrics.Event.ACCEPTED)).isEqualTo(1);
    }

    @Test
    void aTokenSignedWithAnotherKeyHasABadSignature() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(auth.keys().signingKid()).build(),
                validClaims().build());
        jwt.sign(new ECDSASigner(attacker));
        assertRejected(jwt.serialize(), Reason.BAD_SIGNATURE);

        SignedJWT noKid = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), validClaims().build());
        noKid.sign(new ECDSASigner(attacker));
        assertRejected(noKid.serialize(), Reason.BAD_SIGNATURE);

        SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("nope").build(),
                validClaims().build());
        unknownKid.sign(new ECDSASigner(attacker));
        assertRejected(unknownKid.serialize(), Reason.BAD_SIGNATURE);
    }

    @Test
    void editedClaimsBreakTheSignature() {
        String token = auth.login("dev:ann", Set.of()).token();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"roles\":[]", "\"roles\":[\"admin\"]");
        assertThat(forged).isNotEqualTo(payload);
        String edited = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRejected(edited, Reason.BAD_SIGNATURE);
    }

    @Test
    void algNoneAndHmacAreUnexpectedAlgorithms() throws Exception {
        String none = new PlainJWT(new PlainHeader(), validClaims().build()).serialize();
        assertRejected(none, Reason.UNEXPECTED_ALGORITHM);
        // 'none' header with a signature part glued on.
        String[] p = auth.login("dev:ann", Set.of()).token().split("\\.");
        String noneHeader = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertRejected(noneHeader + "." + p[1] + "." + p[2], Reason.UNEXPECTED_ALGORITHM);

        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                validClaims().build());
        hs.sign(new MACSigner(new byte[32]));
        assertRejected(hs.serialize(), Reason.UNEXPECTED_ALGORITHM);

        ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
        SignedJWT es384 = new SignedJWT(new JWSHeader(JWSAlgorithm.ES384), validClaims().build());
        es384.sign(new ECDSASigner(p384));
        assertRejected(es384.serialize(), Reason.UNEXPECTED_ALGORITHM);
    }

    @Test
    void anotherIssuerIsRefused() {
        assertRejected(auth.codec().sign(validClaims().issuer("someone-else").build()), Reason.WRONG_ISSUER);
    }

    @Test
    void expiredTokensAreRefused() {
        String token = auth.login("dev:ann", Set.of()).token();
        // Stay active so only the absolute expiry can refuse it.
        for (int h = 0; h < 24; h++) {
            clock.advance(Duration.ofMinutes(59));
            assertThat(auth.authenticate(token)).isInstanceOf(AuthResult.Accepted.class);
        }
        clock.advance(Duration.ofMinutes(24));
        assertRejected(token, Reason.EXPIRED);
    }

    @Test
    void tokensFromTheFutureAreNotYetValid() {
        long now = clock.millis();
        String iat = auth.codec().sign(validClaims().issueTime(new Date(now + 120_000)).build());
        assertRejected(iat, Reason.NOT_YET_VALID);
        String nbf = auth.codec().sign(validClaims().notBeforeTime(new Date(now + 120_000)).build());
        assertRejected(nbf, Reason.NOT_YET_VALID);
        // Within the tolerated skew it is fine.
        String slight = auth.codec().sign(validClaims().issueTime(new Date(now + 5_000)).build());
        assertThat(auth.authenticate(slight)).isInstanceOf(AuthResult.Accepted.class);
    }

    @Test
    void garbageIsMalformed() {
        assertRejected("", Reason.MALFORMED);
        assertRejected("not-a-token", Reason.MALFORMED);
        assertRejected("a.b.c", Reason.MALFORMED);
        assertRejected("x".repeat(10_000), Reason.MALFORMED);
        assertRejected(null, Reason.MALFORMED);
        assertRejected(auth.codec().sign(validClaims().jwtID("admin").build()), Reason.MALFORMED);
        assertRejected(auth.codec().sign(validClaims().claim("roles", "admin").build()), Reason.MALFORMED);
    }

    @Test
    void everyRequiredClaimMustBePresent() {
        assertRejected(auth.codec().sign(validClaims().subject(null).build()), Reason.MISSING_CLAIMS);
        assertRejected(auth.codec().sign(validClaims().jwtID(null).build()), Reason.MISSING_CLAIMS);
        assertRejected(auth.codec().sign(validClaims().issueTime(null).build()), Reason.MISSING_CLAIMS);
        assertRejected(auth.codec().sign(validClaims().expirationTime(null).build()), Reason.MISSING_CLAIMS);
        assertRejected(auth.codec().sign(validClaims().claim("roles", null).build()), Reason.MISSING_CLAIMS);
        assertRejected(auth.codec().sign(validClaims().issuer(null).build()), Reason.MISSING_CLAIMS);
    }

    @Test
    void loggedOutTokensAreRevoked() {
        String token = auth.login("dev:ann", Set.of()).token();
        assertThat(auth.logout(token)).isInstanceOf(AuthResult.Accepted.class);
        assertRejected(token, Reason.REVOKED);
    }

    @Test
    void unusedSessionsGoIdle() {
        String token = auth.login("dev:ann", Set.of()).token();
        clock.advance(Duration.ofMinutes(59));
        assertThat(auth.authenticate(token)).isInstanceOf(AuthResult.Accepted.class);
        clock.advance(Duration.ofMinutes(60).plusSeconds(1));
        assertRejected(token, Reason.IDLE_TOO_LONG);
    }

    @Test
    void everyReasonHasItsOwnCounter() {
        assertThat(auth.metrics().snapshot()).containsKeys("rejected_bad_signature", "rejected_unexpected_algorithm",
                "rejected_wrong_issuer", "rejected_expired", "rejected_not_yet_valid", "rejected_malformed",
                "rejected_missing_claims", "rejected_revoked", "rejected_idle_too_long", "rejected_unknown_session");
    }
}
