package dev.aetheris.fleet;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The directory contract on an SQLite file (the single-node default). */
class SqliteDirectoryTest extends DirectoryContract {
    @TempDir
    Path dir;
    private int files;

    @Override
    String freshDatabase() {
        return "jdbc:sqlite:" + dir.resolve("fleet-" + (files++) + ".db");
    }
}
