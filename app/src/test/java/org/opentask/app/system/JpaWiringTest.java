package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Data JPA maps the administrative tables and nothing else: the bot registry and the webhook subscriptions.
 * Commands, projections and processors keep the JDBC transaction manager (the primary one), so no command's
 * transaction opens a JPA session (CommandCostTest counts its statements); JPA's own works on the transactions' pool.
 */
class JpaWiringTest extends ApiTest {

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Autowired
    ApplicationContext context;

    @Test
    void jpa_maps_the_administrative_tables_only() {
        assertThat(entityManagerFactory.getMetamodel().getEntities()).extracting(EntityType::getName)
                .containsExactlyInAnyOrder("BotEntity", "BotKeyEntity", "SubscriptionEntity");
    }

    @Test
    void commands_keep_the_jdbc_transaction_manager_and_jpa_has_its_own() {
        assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(JdbcTransactionManager.class);
        JpaTransactionManager jpa = context.getBean("jpaTransactionManager", JpaTransactionManager.class);
        assertThat(jpa.getDataSource()).isSameAs(context.getBean("transactionalDataSource"));
    }
}
