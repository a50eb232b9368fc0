package dev.aetheris.protocol.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only folders (0700) and files (0600) for what the server keeps on disk: the session
 * database and its journals, signing keys, the generated TLS key. The mode is set when the file
 * is created, never afterwards, so no other local user can open it in between. On file systems
 * without POSIX permissions (Windows) the calls create plain files and folders.
 *
 * <p>Stateless; thread-safe.
 */
public final class PrivateFiles {
    /** rw-------. */
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    /** rwx------. */
    public static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Whether {@code p}'s file system has POSIX permissions. */
    public static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code dir} and any missing parents with mode 0700; an existing {@code dir} that
     * others may read or enter is narrowed to 0700 (it holds identities and keys) if this user
     * owns it; a folder owned by someone else (a shared, operator-managed key folder) is left as is.
     *
     * @throws IOException if the folder cannot be created
     */
    public static void createDirectories(Path dir) throws IOException {
        if (!posix(dir)) {
            Files.createDirectories(dir);
            return;
        }
        if (Files.isDirectory(dir)) {
            try {
                restrict(dir, OWNER_DIR);
            } catch (FileSystemException notOwner) {
                // chmod is the owner's right only; the files inside still get owner-only modes
            }
            return;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    }

    /**
     * Creates {@code file} empty with mode 0600 if it does not exist; an existing one is narrowed
     * to 0600.
     *
     * @throws IOException if it cannot be created or its mode cannot be changed
     */
    public static void createFile(Path file) throws IOException {
        if (!posix(file)) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } catch (FileAlreadyExistsException e) {
            restrict(file, OWNER_FILE);
        }
    }

    /**
     * Creates {@code file}, which must not exist yet, with mode 0600 (or the platform default
     * when {@code ownerOnly} is false).
     *
     * @throws FileAlreadyExistsException if it exists
     * @throws IOException                if it cannot be created
     */
    public static void createNewFile(Path file, boolean ownerOnly) throws IOException {
        FileAttribute<?>[] attrs = ownerOnly && posix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Files.createFile(file, attrs);
    }

    /**
     * Narrows an existing file to 0600; a missing file is ignored.
     *
     * @throws IOException if its mode cannot be changed
     */
    public static void restrictIfExists(Path file) throws IOException {
        if (posix(file) && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            restrict(file, OWNER_FILE);
        }
    }

    private static void restrict(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.getPosixFilePermissions(p).equals(mode)) {
            Files.setPosixFilePermissions(p, mode);
        }
    }
}
