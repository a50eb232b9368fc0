package dev.aetheris.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code aetheris} command; {@code bin/aetheris} runs it with a suitable JDK. */
@Command(name = "aetheris",
        mixinStandardHelpOptions = true,
        versionProvider = AetherisCommand.Version.class,
        description = "Authoritative, tick-based multiplayer game server.",
        subcommands = {ServeCommand.class, WireCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Launcher commands (bin/aetheris):",
                "  test     Run the whole test suite with a JDK 25."})
public final class AetherisCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine newCommandLine() {
        return new CommandLine(new AetherisCommand());
    }

    /** Reads the version the build stamped into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = AetherisCommand.class.getResourceAsStream("/aetheris-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"aetheris " + p.getProperty("version", "unknown")
                    + " (wire baseline " + dev.aetheris.protocol.ProtocolVersion.WIRE_BASELINE + ", Java "
                    + Runtime.version() + ")"};
        }
    }
}
