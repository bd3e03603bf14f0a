package org.opentask.app;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.opentask.query.DatabaseDialect;
import org.springframework.beans.factory.config.BeanPostProcessor;
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

    /** The one object that knows how the configured database differs from the others. */
    @Bean
    DatabaseDialect databaseDialect(DataSource dataSource) {
        return DatabaseDialect.of(dataSource);
    }

    /** The driver settings the database's dialect asks for ({@link DatabaseDialect#driverProperties}). */
    @Bean
    static BeanPostProcessor dialectDriverProperties() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
                    DatabaseDialect.forUrl(hikari.getJdbcUrl()).driverProperties(hikari.getJdbcUrl())
                            .forEach(hikari::addDataSourceProperty);
                }
                return bean;
            }
        };
    }

    /** Each database gets the schema of its dialect. */
    @Bean
    FlywayConfigurationCustomizer schemaPerDatabase() {
        return configuration -> configuration.locations((configuration.getUrl() != null
                ? DatabaseDialect.forUrl(configuration.getUrl())
                : DatabaseDialect.of(configuration.getDataSource())).migrations());
    }
}
