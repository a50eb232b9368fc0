package dev.aetheris.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The nucleus depends on nothing but the JDK (docs/ARCHITECTURE.md, "Modules and the dependency rule"). */
class ProtocolArchitectureTest {

    @Test
    void protocolDependsOnlyOnTheJdk() {
        JavaClasses protocol = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aetheris.protocol");
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.aetheris.protocol..", "java..")
                .check(protocol);
    }
}
