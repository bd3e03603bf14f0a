package org.opentask.app.system;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.InfrastructureProxy;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Two connection pools on the one database, so that no connection is switched in and out of autocommit: a
 * transaction (every command, every event processor's batch) takes a connection whose autocommit is off for
 * good, and a read outside a transaction (a query, a page) one whose autocommit is on. Spring's transaction
 * manager otherwise turns autocommit off before each transaction and on after it: two {@code SET} statements
 * per command, a third of a command's statements on MariaDB (docs/performance.md).
 * <p>
 * Everything that asks for "the" {@code DataSource} gets {@link TransactionOrAutocommit}, which hands out the
 * transaction's own connection inside a transaction and an autocommit connection outside one. Both pools take
 * {@code spring.datasource.*} and {@code spring.datasource.hikari.*}; the autocommit pool's size is
 * {@code opentask.datasource.autocommit-pool-size}.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

    @Bean
    HikariDataSource transactionalDataSource(DataSourceProperties properties, Environment environment) {
        HikariDataSource pool = pool(properties, environment, engineDatabase(properties, environment));
        pool.setAutoCommit(false);
        pool.setPoolName("transactions");
        return pool;
    }

    @Bean
    HikariDataSource autocommitDataSource(DataSourceProperties properties, Environment environment,
                                          @Value("${opentask.datasource.autocommit-pool-size:10}") int size) {
        HikariDataSource pool = pool(properties, environment, engineDatabase(properties, environment));
        pool.setAutoCommit(true);
        pool.setPoolName("autocommit");
        pool.setMaximumPoolSize(size);
        // reads outside a transaction are short and few: the pool opens connections as they are needed
        pool.setMinimumIdle(Math.min(size, pool.getMinimumIdle() < 0 ? 2 : pool.getMinimumIdle()));
        return pool;
    }

    @Bean
    @Primary
    DataSource dataSource(@Qualifier("transactionalDataSource") DataSource transactional,
                          @Qualifier("autocommitDataSource") DataSource autocommit) {
        return new TransactionOrAutocommit(transactional, autocommit);
    }

    /**
     * Transactions run on the pool whose connections never leave transaction mode. The primary transaction
     * manager: commands, processors and every {@code @Transactional} that names none; JPA's is
     * {@link JpaConfiguration}'s.
     */
    @Bean
    @Primary
    JdbcTransactionManager transactionManager(@Qualifier("transactionalDataSource") DataSource transactional) {
        return new JdbcTransactionManager(transactional);
    }

    /** @param database the database to work in when it is not the URL's ({@link SideBySide}), else null */
    private static HikariDataSource pool(DataSourceProperties properties, Environment environment, String database) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
        if (database != null) {
            pool.setCatalog(database);
        }
        return pool;
    }

    private String engineDatabase;
    private boolean engineDatabaseKnown;

    /** Looked for once, for both pools. */
    private synchronized String engineDatabase(DataSourceProperties properties, Environment environment) {
        if (!engineDatabaseKnown) {
            engineDatabase = SideBySide.engineDatabase(properties,
                    environment.getProperty("opentask.side-by-side-database", ""));
            engineDatabaseKnown = true;
        }
        return engineDatabase;
    }

    /**
     * The application's {@code DataSource}: inside a transaction, the transaction's connection; outside one, a
     * connection of the autocommit pool. Spring finds a transaction's connection by its {@code DataSource}; as an
     * {@link InfrastructureProxy} of the transactional pool this one is the same key, so {@code JdbcClient}, Axon's
     * stores and the transaction manager all share the one connection of a transaction.
     */
    static final class TransactionOrAutocommit extends DelegatingDataSource implements InfrastructureProxy {

        private final DataSource autocommit;

        TransactionOrAutocommit(DataSource transactional, DataSource autocommit) {
            super(transactional);
            this.autocommit = autocommit;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return TransactionSynchronizationManager.isActualTransactionActive()
                    ? obtainTargetDataSource().getConnection()
                    : autocommit.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return TransactionSynchronizationManager.isActualTransactionActive()
                    ? obtainTargetDataSource().getConnection(username, password)
                    : autocommit.getConnection(username, password);
        }

        @Override
        public Object getWrappedObject() {
            return obtainTargetDataSource();
        }
    }
}
