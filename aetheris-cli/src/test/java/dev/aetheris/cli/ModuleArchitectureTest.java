package dev.aetheris.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/ARCHITECTURE.md over every module on this test's class path: the protocol is
 * the nucleus; implementations depend on it and never on each other sideways; only server, cli and
 * bench compose. A module missing from the class path simply has no classes to check.
 */
class ModuleArchitectureTest {
    private static final String BASE = "dev.aetheris.";

    /** Module package → the project packages it may use (besides itself). */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("protocol", List.of()),
            Map.entry("codec", List.of("protocol")),
            Map.entry("auth", List.of("protocol")),
            Map.entry("fleet", List.of("protocol")),
            Map.entry("replication", List.of("protocol")),
            Map.entry("world", List.of("protocol", "replication")),
            Map.entry("transport", List.of("protocol")),
            Map.entry("testkit", List.of("protocol", "replication")),
            Map.entry("client", List.of("protocol", "codec", "transport")),
            Map.entry("bots", List.of("protocol", "client", "codec", "transport")),
            Map.entry("server", List.of("protocol", "codec", "auth", "transport", "world", "replication", "fleet")));

    private static final List<String> ALL = List.of("protocol", "codec", "auth", "fleet", "replication", "world",
            "transport", "testkit", "client", "bots", "server", "cli", "bench");

    @Test
    void modulesDependOnlyInward() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aetheris");
        for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : ALL) {
                if (!other.equals(e.getKey()) && !e.getValue().contains(other)) {
                    forbidden.add(BASE + other + "..");
                }
            }
            noClasses().that().resideInAPackage(BASE + e.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    /**
     * The WebTransport session layer speaks HTTP/3 and hands sessions to a {@code SessionSink}; it
     * must not reach into the game transport (connections, queues, counters) or the client side,
     * so the core adapts to it and not the other way round. It may use the shared QUIC varint.
     */
    @Test
    void theWebTransportSessionLayerDoesNotKnowTheGameTransport() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aetheris.transport");
        noClasses().that().resideInAPackage(BASE + "transport.webtransport..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(BASE + "transport",
                                BASE + "transport.client..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("QuicVarint"))))
                .check(classes);
    }

    @Test
    void theReplicationCoreIsChecked() {
        // A module absent from the class path passes the rule vacuously; this one must be present.
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE + "replication");
        org.assertj.core.api.Assertions.assertThat(classes.contain("dev.aetheris.replication.EntityStore")).isTrue();
    }

    @Test
    void theEngineUsesNoFrameworks() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aetheris");
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "com.google.inject..", "jakarta.inject..", "javax.inject..")
                .check(classes);
    }
}
