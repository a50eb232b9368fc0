package dev.aetheris.codec.compact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads docs/protocol/v2-golden.txt, the packets the specification shows. */
final class GoldenPackets {
    private GoldenPackets() {
    }

    static byte[] get(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("..", "docs", "protocol", "v2-golden.txt"))) {
                if (line.startsWith(name + " ")) {
                    return HexFormat.of().parseHex(line.substring(name.length() + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no golden packet " + name);
    }
}
