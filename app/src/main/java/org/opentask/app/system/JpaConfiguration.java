package org.opentask.app.system;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jpa.EntityManagerFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Spring Data JPA for the administrative tables (the bot registry, webhook subscriptions), read and written at an
 * operator's pace; the tables written on every command stay plain SQL (docs/architecture.md).
 * <p>
 * JPA works on the transactions' pool, whose connections never leave transaction mode, and Hibernate is told so
 * ({@code provider_disables_autocommit}): no {@code SET autocommit} around its transactions either. Its transaction
 * manager is its own ({@code jpaTransactionManager}, used by the repositories and by {@code @Transactional} methods
 * that name it); it shares a transaction's connection with plain SQL run inside it. Everything else keeps the JDBC
 * transaction manager, so no command's transaction opens a JPA session.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(basePackages = {"org.opentask.app.security", "org.opentask.app.webhook"},
        transactionManagerRef = JpaConfiguration.TRANSACTION_MANAGER)
class JpaConfiguration {

    static final String TRANSACTION_MANAGER = "jpaTransactionManager";

    @Bean
    LocalContainerEntityManagerFactoryBean entityManagerFactory(
            EntityManagerFactoryBuilder builder, @Qualifier("transactionalDataSource") DataSource transactional) {
        return builder.dataSource(transactional)
                .packages("org.opentask.app.security", "org.opentask.app.webhook")
                .persistenceUnit("administration")
                .properties(Map.of("hibernate.connection.provider_disables_autocommit", "true"))
                .build();
    }

    @Bean(TRANSACTION_MANAGER)
    JpaTransactionManager jpaTransactionManager(EntityManagerFactory entityManagerFactory,
                                                @Qualifier("transactionalDataSource") DataSource transactional) {
        JpaTransactionManager manager = new JpaTransactionManager(entityManagerFactory);
        manager.setDataSource(transactional);
        return manager;
    }
}
