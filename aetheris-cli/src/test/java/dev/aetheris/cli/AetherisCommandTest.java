package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AetherisCommandTest {

    private static String run(String... args) {
        CommandLine cl = AetherisCommand.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute(args);
        assertThat(code).as("exit code of %s", String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    void helpListsTheSubcommands() {
        String help = run("--help");
        assertThat(help).contains("Usage: aetheris").contains("serve").contains("test");
    }

    @Test
    void versionNamesTheWireBaseline() {
        assertThat(run("--version")).startsWith("aetheris ").contains("wire baseline 0.2.22");
    }

    @Test
    void botsExitNonZeroWhenNoClientCouldConnect() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CommandLine cl = AetherisCommand.newCommandLine();
        int code = cl.execute("bots", "--clients", "2", "--duration", "1s", "--ramp", "0s",
                "--http-port", Integer.toString(closedPort), "--transport", "ws");
        assertThat(code).as("a run in which every client failed").isEqualTo(1);
    }

    @Test
    void botsRejectABadPingerSetting() {
        CommandLine cl = AetherisCommand.newCommandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("bots", "--pinger-transport", "carrier-pigeon")).isEqualTo(2);
    }
}
