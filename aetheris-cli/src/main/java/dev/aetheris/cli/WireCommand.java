package dev.aetheris.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aetheris.codec.ComponentValues;
import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aetheris wire encode|decode}: turns JSON into wire bytes (hex) and back, for people
 * debugging packets and for checking the codec against other implementations. Bad input exits 1
 * with {@code error: <reason> at byte <offset>} on stderr.
 */
@Command(name = "wire", mixinStandardHelpOptions = true,
        description = "Encode JSON to wire bytes (hex) or decode hex to JSON.",
        subcommands = {WireCommand.Encode.class, WireCommand.Decode.class})
final class WireCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What the input is. */
    static final class Kind {
        @Option(names = "--event", paramLabel = "DATA", description = "an event frame") String event;
        @Option(names = "--replication", paramLabel = "DATA", description = "a replication frame") String replication;
        @Option(names = "--component", paramLabel = "NAME",
                description = "a component payload (transform, ship_stats, mining_beam, input_command, ...)")
        String component;
        @Option(names = "--message", paramLabel = "DATA",
                description = "a codec v2 message (with --codec v2; a snapshot also needs --schema)")
        String message;
    }

    /** Options shared by both directions. */
    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--codec", defaultValue = "msgpack",
                description = "msgpack (v1), or v2 for decoding --message (default: ${DEFAULT-VALUE})")
        String codecName;

        @Option(names = "--schema", paramLabel = "HEX", description = "v2: the connection's SCHEMA message")
        String schemaHex;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Kind kind;

        @Parameters(arity = "0..*", paramLabel = "DATA", description = "the data (for --component; spaces allowed)")
        List<String> rest = List.of();

        final MsgpackCodec codec = new MsgpackCodec();

        /** The data argument: the option's value or the positional words, joined. */
        String data() {
            String joined = String.join(" ", rest);
            if (kind.component != null) {
                return joined;
            }
            String v = kind.event != null ? kind.event : kind.replication != null ? kind.replication : kind.message;
            return rest.isEmpty() ? v : v + " " + joined;
        }

        ComponentSchema schema() throws Failure {
            return Components.byName(kind.component).orElseThrow(() -> new Failure("unknown component '"
                    + kind.component + "' (known: " + Components.ALL.stream().map(ComponentSchema::name)
                    .collect(Collectors.joining(", ")) + ")", 0));
        }

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            boolean v2 = "v2".equals(codecName);
            if (!"msgpack".equals(codecName) && !v2 || v2 != (kind.message != null) || (v2 && this instanceof Encode)) {
                err.println("error: use --codec msgpack with --event, --replication or --component, and --codec v2"
                        + " with --message (decode only); got --codec '" + codecName + "' at byte 0");
                err.flush();
                return 1;
            }
            try {
                String out = run();
                spec.commandLine().getOut().println(out);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (Failure f) {
                err.println("error: " + f.getMessage() + " at byte " + f.offset);
                err.flush();
                return 1;
            } catch (CodecException e) {
                int offset = e.error() instanceof CodecError.MalformedPayload m ? m.offset() : 0;
                String reason = e.error() instanceof CodecError.MalformedPayload m ? m.reason() : e.error().message();
                err.println("error: " + reason + " at byte " + offset);
                err.flush();
                return 1;
            }
        }

        abstract String run() throws Failure, CodecException;
    }

    /** {@code wire encode}: JSON in, hex out. */
    @Command(name = "encode", mixinStandardHelpOptions = true, description = "JSON -> hex bytes.")
    static final class Encode extends Base {
        @Override
        String run() throws Failure, CodecException {
            JsonNode node = parseJson(data());
            try {
                if (kind.event != null) {
                    return HEX.formatHex(encodeEvent(WireJson.eventFromJson(node)));
                } else if (kind.replication != null) {
                    ReplicationEvent e = WireJson.frameFromJson(node);
                    byte[] out = new byte[e.payload().length + 32];
                    int n = codec.encode(e, out, 0);
                    return HEX.formatHex(out, 0, n);
                } else {
                    ComponentSchema s = schema();
                    return HEX.formatHex(ComponentValues.encode(s, WireJson.valueFromJson(s.type(), node, s.name())));
                }
            } catch (WireJson.JsonShapeException e) {
                throw new Failure(e.getMessage(), 0);
            }
        }

        private byte[] encodeEvent(WireEvent event) throws CodecException {
            byte[] out = new byte[codec.maxEncodedSize()];
            try {
                return Arrays.copyOf(out, codec.encodeEvent(event, out, 0));
            } catch (CodecException e) {
                if (e.error() instanceof CodecError.BufferOverflow o) {
                    out = new byte[o.needed()]; // larger than a datagram: the tool still shows it
                    return Arrays.copyOf(out, codec.encodeEvent(event, out, 0));
                }
                throw e;
            }
        }
    }

    /** {@code wire decode}: hex in, JSON out. */
    @Command(name = "decode", mixinStandardHelpOptions = true, description = "hex bytes -> JSON.")
    static final class Decode extends Base {
        @Override
        String run() throws Failure, CodecException {
            byte[] in;
            try {
                in = parseHex(data());
            } catch (HexException e) {
                throw new Failure(e.getMessage(), e.offset);
            }
            if (kind.message != null) {
                byte[] schemaBytes = null;
                if (schemaHex != null) {
                    try {
                        schemaBytes = parseHex(schemaHex);
                    } catch (HexException e) {
                        throw new Failure("--schema: " + e.getMessage(), e.offset);
                    }
                }
                return CompactWire.decode(in, schemaBytes).toString();
            }
            if (kind.event != null) {
                return WireJson.eventToJson(codec.decodeEvent(in, 0, in.length)).toString();
            } else if (kind.replication != null) {
                return WireJson.frameToJson(codec.decode(in, 0, in.length)).toString();
            }
            ComponentSchema s = schema();
            return WireJson.valueToJson(s.type(), ComponentValues.decode(s, in)).toString();
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    static JsonNode parseJson(String text) throws Failure {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            throw new Failure("invalid JSON: " + e.getOriginalMessage(), (int) at);
        }
    }

    /** Hex with optional whitespace anywhere; the offset of an error counts decoded bytes. */
    static byte[] parseHex(String text) throws HexException {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new HexException("invalid hex digit '" + c + "'", digits.length() / 2);
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new HexException("odd number of hex digits", digits.length() / 2);
        }
        return HEX.parseHex(digits);
    }

    /** Bad hex text. */
    static final class HexException extends Exception {
        final int offset;

        HexException(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /** Bad input with the offset to report. */
    static final class Failure extends Exception {
        final int offset;

        Failure(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
