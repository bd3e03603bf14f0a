package org.opentask.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries: {@code command} and {@code query} never know each other, neither knows the application,
 * and {@code api}, the message contract, depends on nothing but Java and Axon's {@code @TargetAggregateIdentifier}.
 * Checked on the production classes of all four modules, as they sit on this module's classpath (module
 * directories or jars).
 */
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.opentask");
    }

    @Test
    void every_module_is_imported() {
        // a rule over no classes passes vacuously: make sure each module is really there (the application's
        // classes sit in its feature packages)
        for (String module : new String[] {"org.opentask.api", "org.opentask.command", "org.opentask.query",
                "org.opentask.app"}) {
            assertThat(classes.stream().filter(c -> c.getPackageName().equals(module)
                    || c.getPackageName().startsWith(module + "."))).as(module).isNotEmpty();
        }
    }

    @Test
    void command_does_not_depend_on_query_or_the_application() {
        noClasses().that().resideInAPackage("org.opentask.command..")
                .should().dependOnClassesThat().resideInAnyPackage("org.opentask.query..", "org.opentask.app..")
                .check(classes);
    }

    @Test
    void query_does_not_depend_on_command_or_the_application() {
        noClasses().that().resideInAPackage("org.opentask.query..")
                .should().dependOnClassesThat().resideInAnyPackage("org.opentask.command..", "org.opentask.app..")
                .check(classes);
    }

    @Test
    void api_depends_only_on_java_and_axons_aggregate_identifier_annotation() {
        classes().that().resideInAPackage("org.opentask.api..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.opentask.api..", "org.axonframework.modelling.command")
                .check(classes);
    }

    @Test
    void api_knows_neither_spring_nor_jpa_nor_the_other_modules() {
        noClasses().that().resideInAPackage("org.opentask.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "javax.persistence..", "org.hibernate..", "org.opentask.command..", "org.opentask.query..",
                        "org.opentask.app..")
                .check(classes);
    }
}
