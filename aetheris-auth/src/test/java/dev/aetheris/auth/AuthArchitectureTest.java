package dev.aetheris.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's own dependency rules. */
class AuthArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aetheris.auth");

    @Test
    void usesOnlyTheProtocolAmongProjectModules() {
        noClasses().that().resideInAPackage("dev.aetheris.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.aetheris.codec..", "dev.aetheris.world..",
                        "dev.aetheris.transport..", "dev.aetheris.testkit..", "dev.aetheris.server..",
                        "dev.aetheris.client..", "dev.aetheris.cli..", "dev.aetheris.bench..")
                .check(MAIN);
    }

    @Test
    void onlyTheStoreTalksJdbcAndOnlyTheSmtpSenderTalksMail() {
        noClasses().that().doNotHaveSimpleName("JdbcSessionStore")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(MAIN);
        noClasses().that().doNotHaveSimpleName("SmtpMailSender")
                .should().dependOnClassesThat().resideInAPackage("jakarta.mail..")
                .check(MAIN);
    }
}
