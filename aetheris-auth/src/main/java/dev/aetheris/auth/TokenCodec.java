package dev.aetheris.auth;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aetheris.protocol.seam.AuthResult.Reason;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Signs and verifies session tokens: compact JWS, ES256 only, with claims {@code iss}, {@code sub}
 * (player id), {@code jti} (ULID), {@code iat}, {@code exp} and {@code roles}. Verification is pure
 * computation on a cached key set (no I/O), so the tick thread may call it. Thread-safe.
 */
final class TokenCodec {
    /** Longest token accepted; real ones are about 400 characters. */
    static final int MAX_TOKEN_CHARS = 4096;
    /** Tolerated clock difference between the issuing node and this one. */
    static final long CLOCK_SKEW_MILLIS = 30_000;
    static final String ROLES = "roles";

    /** The claims of a token that verified. */
    record Claims(String jti, String playerId, Set<String> roles, long issuedAtMilli, long expiresAtMilli) {
    }

    /** What verification concluded. */
    sealed interface Outcome {
    }

    /** The signature and every claim check passed. */
    record Valid(Claims claims) implements Outcome {
    }

    /** Refused with a counted reason. */
    record Invalid(Reason reason, String detail) implements Outcome {
    }

    private final KeyRing keys;
    private final String issuer;

    TokenCodec(KeyRing keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /** Signs a token for {@code c}. @throws IllegalStateException on a verify-only node */
    String issue(Claims c) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(c.playerId())
                .jwtID(c.jti())
                .issueTime(new Date(c.issuedAtMilli()))
                .expirationTime(new Date(c.expiresAtMilli()))
                .claim(ROLES, List.copyOf(new java.util.TreeSet<>(c.roles())))
                .build();
        return sign(claims);
    }

    /** Signs arbitrary claims with the current key (also used by tests to forge bad claim sets). */
    String sign(JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.signingKid()).type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** Verifies {@code token} at time {@code nowMilli}. Never throws. */
    Outcome verify(String token, long nowMilli) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return new Invalid(Reason.MALFORMED, "empty or oversized token");
        }
        // The header is examined before anything else so that 'alg: none' and HMAC tokens (key
        // confusion) are refused by name, never handed to a verifier.
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return new Invalid(Reason.MALFORMED, "not a compact JWS");
        }
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, dot)));
        } catch (ParseException | RuntimeException e) {
            return new Invalid(Reason.MALFORMED, "unreadable header");
        }
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            return new Invalid(Reason.UNEXPECTED_ALGORITHM, "algorithm " + header.getAlgorithm() + " is not accepted");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            return new Invalid(Reason.MALFORMED, "not a signed JWT");
        }
        if (!verifySignature(jwt)) {
            return new Invalid(Reason.BAD_SIGNATURE, "signature does not verify with any trusted key");
        }
        JWTClaimsSet cs;
        try {
            cs = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return new Invalid(Reason.MALFORMED, "claims are not a JSON object");
        }
        if (!issuer.equals(cs.getIssuer())) {
            return cs.getIssuer() == null
                    ? new Invalid(Reason.MISSING_CLAIMS, "no iss")
                    : new Invalid(Reason.WRONG_ISSUER, "issued by someone else");
        }
        String sub = cs.getSubject();
        String jti = cs.getJWTID();
        Date iat = cs.getIssueTime();
        Date exp = cs.getExpirationTime();
        Object roles = cs.getClaim(ROLES);
        if (sub == null || sub.isBlank() || jti == null || iat == null || exp == null || roles == null) {
            return new Invalid(Reason.MISSING_CLAIMS, "one of sub, jti, iat, exp, roles is missing");
        }
        if (!Ulid.isValid(jti)) {
            return new Invalid(Reason.MALFORMED, "jti is not a ULID");
        }
        Set<String> roleSet;
        try {
            List<String> list = cs.getStringListClaim(ROLES);
            roleSet = Set.copyOf(list);
        } catch (ParseException | RuntimeException e) {
            return new Invalid(Reason.MALFORMED, "roles is not a list of strings");
        }
        if (nowMilli >= exp.getTime()) {
            return new Invalid(Reason.EXPIRED, "token expired");
        }
        Date nbf = cs.getNotBeforeTime();
        if (iat.getTime() > nowMilli + CLOCK_SKEW_MILLIS || (nbf != null && nbf.getTime() > nowMilli + CLOCK_SKEW_MILLIS)) {
            return new Invalid(Reason.NOT_YET_VALID, "token is not valid yet");
        }
        return new Valid(new Claims(jti, sub, roleSet, iat.getTime(), exp.getTime()));
    }

    private boolean verifySignature(SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        try {
            if (kid != null) {
                JWSVerifier v = keys.verifier(kid);
                return v != null && jwt.verify(v);
            }
            for (JWSVerifier v : keys.verifiers()) {
                if (jwt.verify(v)) {
                    return true;
                }
            }
            return false;
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }
}
