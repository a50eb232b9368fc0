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
}
