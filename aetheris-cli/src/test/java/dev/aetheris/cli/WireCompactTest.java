package dev.aetheris.cli;

import static dev.aetheris.cli.WireCommandTest.ok;
import static dev.aetheris.cli.WireCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code aetheris wire decode --codec v2} on the specification's golden packets. */
class WireCompactTest {
    private static String golden(String name) throws Exception {
        for (String line : Files.readAllLines(Path.of("..", "docs", "protocol", "v2-golden.txt"))) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void aSnapshotShowsItsHeaderAndEveryEntryAsWritten() throws Exception {
        String out = ok("wire", "decode", "--codec", "v2", "--schema", golden("schema"), "--message",
                golden("snapshot-2"));
        assertThat(out).isEqualTo("{\"type\":\"Snapshot\",\"seq\":2,\"tick\":101,\"baseline\":1,\"count\":2,\"bytes\":18,"
                + "\"entries\":[{\"id\":5,\"op\":\"delta\",\"components\":{\"transform\":{\"x\":\"d=+2\"}},\"bits\":20},"
                + "{\"id\":7,\"op\":\"full\",\"kind\":2,\"components\":{\"transform\":{\"x\":\"d=+4\","
                + "\"rotation\":\"q=512\"}},\"bits\":38}]}");
    }

    @Test
    void theOtherMessagesDecodeToo() throws Exception {
        assertThat(ok("wire", "decode", "--codec", "v2", "--message", golden("hello")))
                .isEqualTo("{\"type\":\"Hello\",\"version\":2}");
        assertThat(ok("wire", "decode", "--codec", "v2", "--message", golden("input-ack-2-ping")))
                .isEqualTo("{\"type\":\"Input\",\"ack\":2,\"message\":\"81a450696e67912a\"}");
        assertThat(ok("wire", "decode", "--codec", "v2", "--message", golden("schema")))
                .startsWith("{\"type\":\"Schema\",\"components\":[{\"kind\":1,\"name\":\"transform\",\"fields\":"
                        + "[{\"name\":\"x\",\"type\":\"F32\",\"bits\":13,\"min\":0.0,\"precision\":0.25}");
    }

    @Test
    void badInputIsAnErrorWithAnOffset() throws Exception {
        WireCommandTest.Result r = run("wire", "decode", "--codec", "v2", "--message", golden("snapshot-1"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("needs --schema");
        String cut = golden("snapshot-1").substring(0, 30);
        r = run("wire", "decode", "--codec", "v2", "--schema", golden("schema"), "--message", cut);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: truncated").contains("at byte 14");
        r = run("wire", "decode", "--codec", "v2", "--event", "81a450696e67912a");
        assertThat(r.code()).isEqualTo(1);
    }
}
