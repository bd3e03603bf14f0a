package org.opentask.app;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenTaskProperties.class)
class ServiceConfiguration {

    ServiceConfiguration(OpenTaskProperties properties, Environment environment) {
        String key = properties.apiKey();
        if (Arrays.asList(environment.getActiveProfiles()).contains("prod")
                && (key.isBlank() || OpenTaskProperties.DEFAULT_API_KEY.equals(key))) {
            throw new IllegalStateException("The prod profile needs its own API key: set opentask.api-key "
                    + "(or OPENTASK_API_KEY); neither the documented default key nor a blank one is accepted");
        }
    }

    @Bean
    ZoneId serverZone(OpenTaskProperties properties) {
        return properties.zone();
    }

    @Bean
    Clock clock(ZoneId serverZone) {
        return Clock.system(serverZone);
    }

    /**
     * MariaDB's driver sends a batch of inserts (the events of one command) as one bulk statement, for which the
     * server reserves auto-increment values in blocks and leaves the unused ones as holes in the event store's
     * global index: about one index in five under load. Every hole is carried in the tracking tokens of the
     * analytics processor until it times out, which took most of a 512 MiB heap (docs/performance.md). Inserted
     * one by one (still pipelined in one round trip), the events get consecutive indexes. A URL that sets the
     * driver's bulk options itself is left as it is.
     */
    @Bean
    static BeanPostProcessor mariaDbInsertsWithoutHoles() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                        && hikari.getJdbcUrl().startsWith("jdbc:mariadb:")
                        && !hikari.getJdbcUrl().contains("useBulkStmts")) {
                    hikari.addDataSourceProperty("useBulkStmtsForInserts", "false");
                }
                return bean;
            }
        };
    }

    /** H2 gets its own DDL; MySQL 8 and MariaDB share one. */
    @Bean
    FlywayConfigurationCustomizer schemaPerDatabase() {
        return configuration -> {
            String url = configuration.getUrl() != null ? configuration.getUrl() : jdbcUrl(configuration);
            configuration.locations(url != null && url.startsWith("jdbc:h2:")
                    ? "classpath:db/migration/h2" : "classpath:db/migration/mysql");
        };
    }

    private static String jdbcUrl(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        try (var connection = configuration.getDataSource().getConnection()) {
            return connection.getMetaData().getURL();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot reach the database to choose its schema", e);
        }
    }
}
