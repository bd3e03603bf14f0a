package org.opentask.app.system;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.opentask.query.DatabaseDialect;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database, as its {@link DatabaseDialect} (H2, MySQL 8 or MariaDB, chosen from the JDBC URL) has it: the
 * schema Flyway applies, the settings the driver needs, and the dialect itself for whoever needs to know.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

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
