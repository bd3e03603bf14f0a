package org.opentask.app;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
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
