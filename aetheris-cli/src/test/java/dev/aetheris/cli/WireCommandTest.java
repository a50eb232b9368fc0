package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code aetheris wire} through picocli, with captured stdout/stderr and exit codes. */
class WireCommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = AetherisCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString().strip(), err.toString().strip());
    }

    static String ok(String... args) {
        Result r = run(args);
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r.out();
    }

    private static final String B1 = "95ca41280000cac0500000ca00000000ca3fc0000001";

    /** The examples: JSON ↔ hex both ways, byte for byte with the golden vectors. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"Ping","tick":42}                                                         | 81a450696e67912a
            {"type":"StartSession"}                                                           | ac537461727453657373696f6e
            {"type":"Spawn","entity_type":1,"x":10.5,"y":-3.25,"rot":0.0}                     | 81a5537061776e9401ca41280000cac0500000ca00000000
            {"type":"Fragment","message_id":7,"fragment_index":1,"total_fragments":3,"payload":"deadbeef"} | 81a8467261676d656e7494070103c404deadbeef
            {"type":"GameEvent","event":{"type":"Possession","network_id":101}}               | 81a947616d654576656e7481aa506f7373657373696f6e9165
            {"type":"ReplicationBatch","events":[{"network_id":101,"component_kind":1,"payload":"95ca41280000cac0500000ca00000000ca3fc0000001","tick":1234}]} | 81b05265706c69636174696f6e4261746368919465 01c41695ca41280000cac0500000ca00000000ca3fc0000001cd04d2
            {"type":"EntityDespawned","network_id":101}                                       | 81af456e74697479446573706177 6e65649165
            {"type":"Ping","tick":18446744073709551615}                                       | 81a450696e6791cfffffffffffffffff
            """)
    void eventsEncodeAndDecode(String json, String hex) {
        String compact = hex.replace(" ", "");
        assertThat(ok("wire", "encode", "--codec", "msgpack", "--event", json)).isEqualTo(compact);
        assertThat(ok("wire", "decode", "--codec", "msgpack", "--event", hex)).isEqualTo(json);
    }

    @Test
    void systemManifestRoundTrips() {
        String json = "{\"type\":\"GameEvent\",\"event\":{\"type\":\"SystemManifest\",\"manifest\":{\"tick_rate\":\"60\"}}}";
        String hex = ok("wire", "encode", "--event", json);
        assertThat(hex).startsWith("81a947616d654576656e7481ae53797374656d4d616e69666573749181a9");
        assertThat(ok("wire", "decode", "--event", hex)).isEqualTo(json);
    }

    @Test
    void replicationFrameVectorC1EndToEnd() {
        String json = "{\"network_id\":101,\"component_kind\":1,\"tick\":1234,\"payload\":\"" + B1 + "\"}";
        String c1 = "936501cd04d2" + B1;
        assertThat(ok("wire", "encode", "--replication", json)).isEqualTo(c1);
        assertThat(ok("wire", "decode", "--replication", c1)).isEqualTo(json);
        // Spaces are optional on input, and uppercase is tolerated.
        assertThat(ok("wire", "decode", "--replication", "93 65 01 CD 04 D2 " + B1)).isEqualTo(json);
    }

    @Test
    void componentsUseSnakeCaseNamesAndTypeForEnums() {
        String transform = "{\"x\":10.5,\"y\":-3.25,\"z\":0.0,\"rotation\":1.5,\"entity_type\":1}";
        assertThat(ok("wire", "encode", "--codec", "msgpack", "--component", "transform", transform)).isEqualTo(B1);
        assertThat(ok("wire", "decode", "--codec", "msgpack", "--component", "transform", B1)).isEqualTo(transform);

        String input = "{\"tick\":77,\"actions\":[{\"type\":\"Move\",\"x\":1.0,\"y\":0.0},{\"type\":\"FirePrimary\"}],"
                + "\"actions_mask\":4,\"last_seen_input_tick\":null}";
        String inputHex = ok("wire", "encode", "--component", "input_command", input);
        assertThat(inputHex).isEqualTo("944d9281a44d6f766592ca3f800000ca00000000ab466972655072696d61727904c0");
        assertThat(ok("wire", "decode", "--component", "input_command", inputHex)).isEqualTo(input);

        String room = "{\"name\":\"lobby\",\"capacity\":8,\"access\":{\"type\":\"Permission\",\"value\":\"vip\"},"
                + "\"is_template\":false}";
        assertThat(ok("wire", "decode", "--component", "room_definition",
                ok("wire", "encode", "--component", "room_definition", room))).isEqualTo(room);
        assertThat(ok("wire", "decode", "--component", "ship_class", "a6 4861756c6572"))
                .isEqualTo("{\"type\":\"Hauler\"}");
        assertThat(ok("wire", "decode", "--component", "mining_beam", "94 c3 c0 ca 40000000 03"))
                .isEqualTo("{\"active\":true,\"target\":null,\"mining_range\":2.0,\"base_mining_rate\":3}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --event       | 81a450696e67912a00      | error: trailing bytes after a complete value (1 bytes) at byte 8
            --event       | 81a470696e67912a        | error: wrongly-cased variant name 'ping' for WireEvent (expected 'Ping') at byte 1
            --event       | 810091 2a               | error: integer variant index for WireEvent is not accepted (variants are named) at byte 1
            --event       | 81a450696e67 81a47469636b05 | error: map-form struct body for Ping is not accepted (structs are arrays) at byte 6
            --event       | 81a450696e67912        | error: odd number of hex digits at byte 7
            --event       | 81zz                    | error: invalid hex digit 'z' at byte 1
            --replication | 92 65 01                | error: wrong arity for replication header: expected 3 fields, found 2 at byte 0
            """)
    void badHexExitsOneWithReasonAndOffset(String option, String hex, String expectedErr) {
        Result r = run("wire", "decode", "--codec", "msgpack", option, hex);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(expectedErr);
    }

    @Test
    void emptyInputAndBadJsonAreErrors() {
        Result empty = run("wire", "decode", "--event", "");
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err()).isEqualTo("error: empty input at byte 0");

        Result json = run("wire", "encode", "--event", "{\"type\":\"Ping\",\"tick\":}");
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.err()).startsWith("error: invalid JSON").endsWith("at byte 22");

        Result range = run("wire", "encode", "--event", "{\"type\":\"StressTest\",\"count\":70000,\"rotate\":true}");
        assertThat(range.code()).isEqualTo(1);
        assertThat(range.err()).isEqualTo("error: count 70000 out of range for u16 at byte 0");

        Result unknown = run("wire", "encode", "--event", "{\"type\":\"Ping\",\"tick\":1,\"extra\":2}");
        assertThat(unknown.err()).isEqualTo("error: event: unknown field 'extra' at byte 0");

        Result component = run("wire", "decode", "--component", "warp_drive", "90");
        assertThat(component.code()).isEqualTo(1);
        assertThat(component.err()).startsWith("error: unknown component 'warp_drive'");

        Result limit = run("wire", "encode", "--component", "player_name", "{\"name\":\"" + "n".repeat(65) + "\"}");
        assertThat(limit.code()).isEqualTo(1);
        assertThat(limit.err()).contains("over the limit of 64");
    }

    @Test
    void wireIsListedInHelp() {
        assertThat(ok("--help")).contains("wire");
    }
}
