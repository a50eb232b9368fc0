package dev.aetheris.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks compose every module (they may depend on all of them) but, like the engine, use
 * no framework; and no engine module's code lives in the bench packages.
 */
class BenchArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aetheris.bench");

    @Test
    void theRuleSeesTheBenchmarks() {
        assertThat(MAIN.stream().filter(c -> c.getPackageName().startsWith("dev.aetheris.bench"))).isNotEmpty();
    }

    @Test
    void benchmarksUseNoFramework() {
        noClasses().that().resideInAPackage("dev.aetheris.bench..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "com.google.inject..", "jakarta.inject..", "javax.inject..")
                .check(MAIN);
    }
}
