package org.opentask.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.GenericFilterBean;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The application module's feature packages (docs/architecture.md opens with their map): every class sits in one,
 * a feature reaches another only through the few public types that one means to expose (the compiler keeps the
 * others out of reach; the list below keeps the public ones few), the features depend on each other without
 * cycles, and the console is not on the API's request path. Checked on the production classes.
 */
class FeaturePackagesTest {

    private static final String APP = "org.opentask.app";

    /**
     * Each feature package, and the public types it exposes to the others. Everything else is package-private:
     * a type made public for another package is a decision, and belongs here.
     */
    private static final Map<String, Set<String>> EXPOSED = Map.ofEntries(
            Map.entry("task", Set.of("TaskCommands", "NewTask", "TaskIdAllocator", "CallbackUrls")),
            Map.entry("claim", Set.of()),
            Map.entry("lease", Set.of("TaskTimings")),
            Map.entry("replay", Set.of()),
            Map.entry("stats", Set.of("AnalyticsRebuild")),
            Map.entry("history", Set.of()),
            Map.entry("security", Set.of("Actor", "Caller", "ApiKeys", "BotRegistry")),
            Map.entry("bot", Set.of("BotPresence")),
            // observe the other features; nothing calls into them
            Map.entry("metrics", Set.of()),
            Map.entry("availability", Set.of()),
            // the console shows subscriptions and deliveries and redelivers through it
            Map.entry("webhook", Set.of("Webhooks")),
            // Axon's ServiceLoader instantiates the identifier factory from META-INF/services; the analytics and the
            // webhooks follow the store through the one polled reader
            Map.entry("axon", Set.of("TimeOrderedIdentifierFactory", "PolledEventSource")),
            // the console's templates call it as @consoleFormat
            Map.entry("console", Set.of("ConsoleFormat")),
            Map.entry("migration", Set.of()),
            // Spring Boot instantiates it from META-INF/spring.factories
            Map.entry("system", Set.of("ApiPaths", "DaemonThreads", "EveryDispatchFilter", "FilterOrder",
                    "InvalidRequestException", "OpenTaskProperties", "OriginalSettings", "Problems", "RequestChecks")));

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.opentask");
    }

    @Test
    void every_feature_package_is_imported() {
        // a rule over no classes passes vacuously: make sure each package is really there
        for (String feature : EXPOSED.keySet()) {
            assertThat(classes.stream().filter(c -> c.getPackageName().equals(APP + "." + feature)))
                    .as(feature).isNotEmpty();
        }
    }

    @Test
    void the_application_class_is_alone_outside_the_feature_packages() {
        classes().that().resideInAPackage("org.opentask")
                .should().haveFullyQualifiedName("org.opentask.OpenTaskApplication")
                .check(classes);
        noClasses().should().resideInAPackage(APP).check(classes);
        classes().that().resideInAPackage(APP + "..")
                .should(resideInAFeaturePackage())
                .check(classes);
    }

    @Test
    void a_feature_exposes_only_the_types_it_means_to() {
        Map<String, Set<String>> exposed = new TreeMap<>();
        classes.stream()
                .filter(c -> c.getPackageName().startsWith(APP + "."))
                .filter(c -> c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC))
                .forEach(c -> exposed.computeIfAbsent(feature(c), f -> new TreeSet<>()).add(c.getSimpleName()));
        exposed.forEach((feature, types) -> assertThat(types)
                .as("public types of %s.%s (add one to EXPOSED only when another package needs it)", APP, feature)
                .isSubsetOf(EXPOSED.get(feature)));
    }

    @Test
    void features_depend_on_each_other_without_cycles() {
        slices().matching(APP + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothing_outside_the_console_depends_on_it() {
        noClasses().that().resideOutsideOfPackage(APP + ".console..")
                .should().dependOnClassesThat().resideInAPackage(APP + ".console..")
                .check(classes);
    }

    @Test
    void no_api_controller_or_filter_depends_on_the_console() {
        noClasses().that(areApiControllersOrFilters())
                .should().dependOnClassesThat().resideInAPackage(APP + ".console..")
                .check(classes);
    }

    @Test
    void the_console_puts_nothing_on_the_apis_request_path() {
        noClasses().that().resideInAPackage(APP + ".console..")
                .should().beAnnotatedWith(RestController.class)
                .orShould().beAssignableTo(Filter.class)
                .orShould().beAssignableTo(GenericFilterBean.class)
                .orShould().beAssignableTo(OncePerRequestFilter.class)
                .orShould().beAssignableTo(HandlerInterceptor.class)
                .orShould().beAssignableTo(HandlerMethodArgumentResolver.class)
                .orShould().beAssignableTo(WebMvcConfigurer.class)
                .check(classes);
        methods().that().areDeclaredInClassesThat().resideInAPackage(APP + ".console..")
                .should().notHaveRawReturnType(FilterRegistrationBean.class)
                .check(classes);
        classes().that().resideInAPackage(APP + ".console..")
                .and().areAnnotatedWith("org.springframework.web.bind.annotation.ControllerAdvice")
                .should(adviseOnlyTheConsole())
                .check(classes);
    }

    private static String feature(JavaClass javaClass) {
        String rest = javaClass.getPackageName().substring(APP.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchCondition<JavaClass> resideInAFeaturePackage() {
        return new ArchCondition<>("reside in one of the feature packages " + new TreeSet<>(EXPOSED.keySet())) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean satisfied = EXPOSED.containsKey(feature(javaClass));
                events.add(new SimpleConditionEvent(javaClass, satisfied,
                        javaClass.getName() + " is in no feature package"));
            }
        };
    }

    /** What runs on an {@code /api/**} call: its controllers and the servlet filters. */
    private static DescribedPredicate<JavaClass> areApiControllersOrFilters() {
        return DescribedPredicate.describe("are REST controllers or servlet filters", javaClass ->
                javaClass.isAnnotatedWith(RestController.class)
                        || javaClass.isAssignableTo(Filter.class)
                        || javaClass.isAssignableTo(GenericFilterBean.class)
                        || javaClass.isAssignableTo(OncePerRequestFilter.class));
    }

    /** The console's advice (error pages, the signed-in operator) applies to the console's controllers only. */
    private static ArchCondition<JavaClass> adviseOnlyTheConsole() {
        return new ArchCondition<>("advise only the console's controllers (basePackageClasses)") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Object scope = javaClass
                        .getAnnotationOfType("org.springframework.web.bind.annotation.ControllerAdvice")
                        .get("basePackageClasses").orElse(new Object[0]);
                boolean satisfied = scope instanceof Object[] scopes && scopes.length > 0;
                events.add(new SimpleConditionEvent(javaClass, satisfied,
                        javaClass.getName() + " advises every controller, the API's too"));
            }
        };
    }
}
