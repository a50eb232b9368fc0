package dev.aetheris.fleet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's own dependency rules: the protocol only, and JDBC in the directory only. */
class FleetArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aetheris.fleet");

    @Test
    void usesOnlyTheProtocolAmongProjectModules() {
        noClasses().that().resideInAPackage("dev.aetheris.fleet..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.aetheris.codec..", "dev.aetheris.world..",
                        "dev.aetheris.transport..", "dev.aetheris.auth..", "dev.aetheris.testkit..",
                        "dev.aetheris.server..", "dev.aetheris.client..", "dev.aetheris.cli..", "dev.aetheris.bench..")
                .check(MAIN);
    }

    @Test
    void onlyTheDirectoryTalksJdbc() {
        noClasses().that().haveNameNotMatching("dev\\.aetheris\\.fleet\\.ClusterDirectory(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(MAIN);
    }
}
