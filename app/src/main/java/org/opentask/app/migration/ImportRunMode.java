package org.opentask.app.migration;

import java.time.ZoneId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar opentask.jar --opentask.import.url=... --opentask.import.username=... --opentask.import.password=...}:
 * imports the original database into the engine's own, prints the report and exits. Exit codes: 0 every task is
 * here; 2 rows were rejected (listed); 3 a {@code limit} stopped the run before the end; 1 the import failed
 * (the original unreachable, ...). The run mode starts no web server (see {@code OriginalSettings}).
 */
@Component
@ConditionalOnProperty("opentask.import.url")
@EnableConfigurationProperties(ImportProperties.class)
record ImportRunMode(TaskImport taskImport, ImportProperties properties, ConfigurableApplicationContext context)
        implements ApplicationRunner {

    static final String OPERATOR = "import";
    private static final Logger log = LoggerFactory.getLogger(ImportRunMode.class);

    @Override
    public void run(ApplicationArguments args) {
        int code;
        try {
            ImportReport report = taskImport.run(properties.url(), properties.username(), properties.password(),
                    properties.limit(), properties.timeZone().isBlank() ? null : ZoneId.of(properties.timeZone()),
                    OPERATOR);
            System.out.println(report.summary());
            report.rejected().forEach(r -> System.out.println("  rejected: task " + r.taskId() + " " + r.field()
                    + " = '" + r.value() + "': " + r.reason()));
            code = report.complete() ? 0 : report.rejected().isEmpty() ? 3 : 2;
        } catch (Exception e) {
            log.error("Import from {} failed", TaskImport.withoutCredentials(properties.url()), e);
            System.out.println("Import failed: " + e.getMessage());
            code = 1;
        }
        int exit = code;
        System.exit(SpringApplication.exit(context, () -> exit));
    }
}
