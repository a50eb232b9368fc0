package dev.aetheris.transport;

import dev.aetheris.protocol.util.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate chain and private key QUIC presents, and the SHA-256 of the leaf certificate
 * (lower-case hex of its DER encoding) that clients pin to trust a self-signed certificate.
 *
 * <p>Either loaded from configured PEM files, or, when none are configured, a generated ECDSA
 * P-256 self-signed certificate valid for 14 days, kept in the data directory
 * ({@value #DEV_CERT_FILE}, {@value #DEV_KEY_FILE}, key mode 0600) and regenerated once it expires
 * within {@link #RENEW_BEFORE}. Those limits are what browsers accept for pinned certificates
 * ({@code serverCertificateHashes}).
 *
 * @param chain  the certificate chain, leaf first
 * @param key    the leaf's private key
 * @param sha256 SHA-256 of the leaf's DER encoding, lower-case hex
 * @param generated whether this is the generated self-signed certificate
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key, String sha256, boolean generated) {
    /** File name of the generated certificate in the data directory. */
    public static final String DEV_CERT_FILE = "dev-cert.pem";
    /** File name of the generated key in the data directory. */
    public static final String DEV_KEY_FILE = "dev-key.pem";
    /** Validity of a generated certificate. */
    public static final Duration DEV_VALIDITY = Duration.ofDays(14);
    /** A generated certificate expiring sooner than this is replaced. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(2);

    /** Copies the chain. */
    public TlsMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /**
     * The configured certificate if {@code config} names one, else the generated one.
     *
     * @throws TransportStartException naming the file or directory that cannot be used
     */
    public static TlsMaterial forConfig(TransportConfig config, Instant now) throws TransportStartException {
        if (config.certFile() != null) {
            return loadPem(config.certFile(), config.keyFile());
        }
        return loadOrCreateDev(config.dataDir(), now);
    }

    /**
     * Loads a PEM certificate chain and a PEM PKCS#8 private key (EC or RSA).
     *
     * @throws TransportStartException naming the file that is missing or malformed
     */
    public static TlsMaterial loadPem(Path certFile, Path keyFile) throws TransportStartException {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readKey(keyFile);
        return new TlsMaterial(chain, key, sha256Hex(chain.getFirst()), false);
    }

    /**
     * Reuses the generated certificate in {@code dataDir} unless it is missing, unreadable or
     * expires within {@link #RENEW_BEFORE} of {@code now}; otherwise generates and stores a new one.
     *
     * @throws TransportStartException if the data directory cannot be written
     */
    public static TlsMaterial loadOrCreateDev(Path dataDir, Instant now) throws TransportStartException {
        Path certFile = dataDir.resolve(DEV_CERT_FILE);
        Path keyFile = dataDir.resolve(DEV_KEY_FILE);
        if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
            try {
                TlsMaterial existing = loadPem(certFile, keyFile);
                Instant notAfter = existing.leaf().getNotAfter().toInstant();
                if (notAfter.isAfter(now.plus(RENEW_BEFORE))) {
                    return new TlsMaterial(existing.chain(), existing.key(), existing.sha256(), true);
                }
            } catch (TransportStartException e) {
                // A damaged dev certificate is simply replaced: it holds nothing worth keeping.
            }
        }
        return generate(dataDir, certFile, keyFile, now);
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex. */
    public static String sha256Hex(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 or certificate encoding unavailable", e);
        }
    }

    private static TlsMaterial generate(Path dataDir, Path certFile, Path keyFile, Instant now)
            throws TransportStartException {
        X509Certificate cert;
        KeyPair pair;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            pair = gen.generateKeyPair();
            X500Name name = new X500Name("CN=aetheris-dev");
            // Backdate an hour for clock skew; the total span stays within 14 days.
            Instant notBefore = now.minus(Duration.ofHours(1));
            Instant notAfter = notBefore.plus(DEV_VALIDITY);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).setBit(63), Date.from(notBefore), Date.from(notAfter),
                    name, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509CertificateHolder holder = b.build(signer);
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new TransportStartException("cannot generate the dev TLS certificate: " + e.getMessage(), e);
        }
        try {
            PrivateFiles.createDirectories(dataDir);
            writeAtomically(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            writeAtomically(certFile, pem("CERTIFICATE", cert.getEncoded()), false);
        } catch (IOException | GeneralSecurityException e) {
            throw new TransportStartException("data-dir " + dataDir.toAbsolutePath()
                    + " is not writable (needed for the dev TLS certificate): " + e.getMessage(), e);
        }
        return new TlsMaterial(List.of(cert), pair.getPrivate(), sha256Hex(cert), true);
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            PrivateFiles.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static List<byte[]> pemBlocks(Path file, String type) throws TransportStartException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TransportStartException("TLS file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new TransportStartException("cannot read TLS file " + file + ": " + e.getMessage(), e);
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf(begin, at)) >= 0) {
            int stop = text.indexOf(end, at);
            if (stop < 0) {
                throw new TransportStartException("TLS file " + file + " has an unterminated " + type + " block");
            }
            String body = text.substring(at + begin.length(), stop).replaceAll("\\s", "");
            try {
                out.add(Base64.getDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                throw new TransportStartException("TLS file " + file + " has a malformed " + type + " block", e);
            }
            at = stop + end.length();
        }
        if (out.isEmpty()) {
            throw new TransportStartException("TLS file " + file + " holds no " + type + " block");
        }
        return out;
    }

    private static List<X509Certificate> readCertificates(Path file) throws TransportStartException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : pemBlocks(file, "CERTIFICATE")) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new TransportStartException("TLS file " + file + " holds an invalid certificate: " + e.getMessage(),
                    e);
        }
        return chain;
    }

    private static PrivateKey readKey(Path file) throws TransportStartException {
        byte[] der = pemBlocks(file, "PRIVATE KEY").getFirst();
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new TransportStartException("TLS key file " + file
                + " is not a PKCS#8 EC, RSA or Ed25519 private key (expected '-----BEGIN PRIVATE KEY-----')");
    }
}
