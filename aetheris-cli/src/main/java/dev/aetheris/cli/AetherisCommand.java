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
        subcommands = {ServeCommand.class, BotsCommand.class, WireCommand.class, CommandLine.HelpCommand.class},
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
        CommandLine cl;
        try {
            cl = newCommandLine(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("aetheris: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(cl.execute(args));
    }

    /** The command line with defaults from the environment and config file (also used by tests). */
    public static CommandLine newCommandLine(String[] args, java.util.Map<String, String> env) {
        return new CommandLine(new AetherisCommand()).setDefaultValueProvider(EnvAndFileDefaults.load(args, env));
    }

    /** The command line without environment or file defaults. */
    public static CommandLine newCommandLine() {
        return newCommandLine(new String[0], java.util.Map.of());
    }

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = AetherisCommand.class.getResourceAsStream("/aetheris-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /** Reads the version the build stamped into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"aetheris " + version()
                    + " (wire baseline " + dev.aetheris.protocol.ProtocolVersion.WIRE_BASELINE + ", Java "
                    + Runtime.version() + ")"};
        }
    }
}
