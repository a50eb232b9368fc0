package dev.aetheris.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.aetheris.protocol.util.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 (P-256) keys that sign and verify session tokens, kept as JWK files in one folder.
 *
 * <ul>
 *   <li>{@code <kid>.private.jwk} (mode 0600): a signing key pair;</li>
 *   <li>{@code <kid>.public.jwk}: a verification key (all a game node needs);</li>
 *   <li>{@code signing-kid}: which private key signs (needed only when there are several).</li>
 * </ul>
 * An empty folder on an issuing node gets a freshly generated pair; a folder holding only public
 * keys makes a verify-only node. {@link #rotate()} generates a new signing key and keeps the old
 * public key, so tokens it signed verify until they expire. There is no built-in key.
 *
 * <p>Thread-safe: readers see an immutable snapshot; {@link #reload()} and {@link #rotate()} swap it.
 */
public final class KeyRing {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final String PRIVATE_SUFFIX = ".private.jwk";
    private static final String PUBLIC_SUFFIX = ".public.jwk";
    private static final String SIGNING_KID = "signing-kid";

    /** The immutable key set in effect. */
    private record Snapshot(String signingKid, JWSSigner signer, Map<String, JWSVerifier> verifiers) {
    }

    private final Path dir;
    private final Ulid ulid;
    private final java.time.InstantSource clock;
    private volatile Snapshot snapshot;

    private KeyRing(Path dir, Ulid ulid, java.time.InstantSource clock) {
        this.dir = dir;
        this.ulid = ulid;
        this.clock = clock;
    }

    /**
     * Loads the keys in {@code dir}; if it holds none and {@code generateIfEmpty}, generates a pair.
     *
     * @throws KeyRingException if a file is unreadable or not a P-256 JWK, or no key is available
     */
    public static KeyRing open(Path dir, boolean generateIfEmpty, Ulid ulid, java.time.InstantSource clock) {
        KeyRing ring = new KeyRing(dir, ulid, clock);
        try {
            if (generateIfEmpty && listKeyFiles(dir).isEmpty()) {
                String kid = ring.generate();
                LOG.info("generated a new ES256 signing key {} in {}", kid, dir);
            }
        } catch (IOException e) {
            throw new KeyRingException("cannot create keys in " + dir + ": " + e.getMessage(), e);
        }
        ring.reload();
        if (ring.snapshot.verifiers.isEmpty()) {
            throw new KeyRingException("no key in " + dir + ": put a <kid>.public.jwk (verify) or <kid>.private.jwk"
                    + " (sign) there, or let an issuing node generate one");
        }
        return ring;
    }

    /** Re-reads the folder, e.g. to learn a key another node rotated in. @throws KeyRingException if invalid */
    public void reload() {
        try {
            Map<String, JWSVerifier> verifiers = new HashMap<>();
            Map<String, ECKey> privates = new HashMap<>();
            for (Path f : listKeyFiles(dir)) {
                String name = f.getFileName().toString();
                boolean priv = name.endsWith(PRIVATE_SUFFIX);
                String kid = name.substring(0, name.length() - (priv ? PRIVATE_SUFFIX : PUBLIC_SUFFIX).length());
                ECKey key = parse(f, kid, priv);
                verifiers.put(kid, new ECDSAVerifier(key.toPublicJWK()));
                if (priv) {
                    privates.put(kid, key);
                }
            }
            String signingKid = null;
            Path sk = dir.resolve(SIGNING_KID);
            if (Files.exists(sk)) {
                signingKid = Files.readString(sk, StandardCharsets.UTF_8).strip();
                if (!privates.containsKey(signingKid)) {
                    throw new KeyRingException(sk + " names '" + signingKid + "' but there is no " + signingKid
                            + PRIVATE_SUFFIX);
                }
            } else if (privates.size() == 1) {
                signingKid = privates.keySet().iterator().next();
            } else if (privates.size() > 1) {
                throw new KeyRingException("several private keys in " + dir + ": name the signing one in " + sk);
            }
            JWSSigner signer = signingKid == null ? null : new ECDSASigner(privates.get(signingKid));
            snapshot = new Snapshot(signingKid, signer, Map.copyOf(verifiers));
        } catch (IOException e) {
            throw new KeyRingException("cannot read keys in " + dir + ": " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new KeyRingException("unusable key in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Generates a new signing key and makes it current. The previous private key file is deleted
     * (it signs nothing any more); its public key stays so its tokens verify until they expire.
     *
     * @return the new key id
     */
    public synchronized String rotate() {
        String previous = snapshot == null ? null : snapshot.signingKid;
        try {
            String kid = generate();
            reload();
            if (previous != null && !previous.equals(kid)) {
                Files.deleteIfExists(dir.resolve(previous + PRIVATE_SUFFIX));
            }
            LOG.info("rotated signing key: {} -> {}", previous, kid);
            return kid;
        } catch (IOException e) {
            throw new KeyRingException("cannot rotate keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The key id that signs new tokens, or {@code null} on a verify-only node. */
    public String signingKid() {
        return snapshot.signingKid;
    }

    /** Whether this node can issue tokens. */
    public boolean canSign() {
        return snapshot.signer != null;
    }

    /** The signer for {@link #signingKid()}. @throws IllegalStateException on a verify-only node */
    JWSSigner signer() {
        JWSSigner s = snapshot.signer;
        if (s == null) {
            throw new IllegalStateException("this node has only public keys in " + dir + " and cannot issue tokens");
        }
        return s;
    }

    /** The verifier for {@code kid}, or {@code null}. */
    JWSVerifier verifier(String kid) {
        return snapshot.verifiers.get(kid);
    }

    /** All verifiers, for tokens without a {@code kid}. */
    Iterable<JWSVerifier> verifiers() {
        return snapshot.verifiers.values();
    }

    /** Key ids that verify. */
    public Set<String> verifyingKids() {
        return snapshot.verifiers.keySet();
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    private String generate() throws IOException {
        PrivateFiles.createDirectories(dir);
        String kid = ulid.next(clock.millis());
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IOException("key generation failed: " + e.getMessage(), e);
        }
        writeNew(dir.resolve(kid + PRIVATE_SUFFIX), key.toJSONString(), true);
        writeNew(dir.resolve(kid + PUBLIC_SUFFIX), key.toPublicJWK().toJSONString(), false);
        replace(dir.resolve(SIGNING_KID), kid + "\n");
        return kid;
    }

    private static ECKey parse(Path f, String kid, boolean requirePrivate) throws IOException {
        JWK jwk;
        try {
            jwk = JWK.parse(Files.readString(f, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new KeyRingException(f + " is not a JWK: " + e.getMessage(), e);
        }
        if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw new KeyRingException(f + " is not an EC P-256 key (ES256 is the only accepted algorithm)");
        }
        if (requirePrivate && !ec.isPrivate()) {
            throw new KeyRingException(f + " has no private part ('d'); rename it to " + kid + PUBLIC_SUFFIX);
        }
        if (ec.getKeyID() != null && !ec.getKeyID().equals(kid)) {
            throw new KeyRingException(f + " has kid '" + ec.getKeyID() + "' but its file name says '" + kid + "'");
        }
        return ec;
    }

    private static List<Path> listKeyFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(PRIVATE_SUFFIX) || n.endsWith(PUBLIC_SUFFIX);
            }).sorted().toList();
        }
    }

    /** Creates a file that must not exist yet; a private file gets mode 0600 from its creation on. */
    private static void writeNew(Path file, String text, boolean ownerOnly) throws IOException {
        try {
            PrivateFiles.createNewFile(file, ownerOnly);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " already exists; refusing to overwrite a key", e);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A key folder that cannot be used; the message says what to fix. */
    public static final class KeyRingException extends RuntimeException {
        KeyRingException(String message) {
            super(message);
        }

        KeyRingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
