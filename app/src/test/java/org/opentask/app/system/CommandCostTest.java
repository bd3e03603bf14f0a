package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.TestDatabase;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * What one heartbeat cycle (create, pending, start, complete) asks of the database, counted between the connection
 * pools and the driver: one commit per command, no autocommit switched on or off, and one statement per row a
 * command writes (the event, the task's row, the audit row) plus the commit, with no read-back of the answer.
 */
@Import(CommandCostTest.Counting.class)
class CommandCostTest extends ApiTest {

    static final JdbcCounter COUNTER = new JdbcCounter(TestDatabase.isMariaDb());

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        static BeanPostProcessor countingUnderThePools() {
            return COUNTER.underEveryPool();
        }
    }

    private void cycle(String bot) {
        ApiClient.Response created = api.post("/api/tasks", "{\"task_name\":\"cycle\",\"assigned_to\":\"" + bot + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        long id = created.json().get("id").asLong();
        JsonNode pending = api.get("/api/tasks/pending?assigned_to=" + bot).json();
        assertThat(pending.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
        assertThat(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}").status()).isEqualTo(200);
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(count -> count > 0).sum();
    }

    @Test
    void a_heartbeat_cycle_costs_one_commit_per_command_and_no_autocommit_switch() {
        String bot = bot("cost");
        for (int i = 0; i < 5; i++) {
            cycle(bot); // the caches, the id block and the prepared statements settle
        }
        COUNTER.reset();
        long collectionsBefore = collections();
        int cycles = 20;
        for (int i = 0; i < cycles; i++) {
            cycle(bot);
        }
        long collectionsDuring = collections() - collectionsBefore;

        assertThat(COUNTER.commits.get()).as("commits").isEqualTo(3L * cycles);
        assertThat(COUNTER.rollbacks.get()).as("rollbacks").isZero();
        assertThat(COUNTER.autocommitSwitches.get()).as("autocommit switches").isZero();
        // A task is kept in memory between commands, weakly held: only a garbage collection can take one task of
        // a cycle out of memory, and the next command then reads its snapshot and its events (two statements) again.
        long storeReads = COUNTER.storeReads.get();
        assertThat(storeReads).as("reads of a task's stored events with %d collections during the cycles",
                collectionsDuring).isLessThanOrEqualTo(2L * collectionsDuring);
        // per cycle: create, start and complete write an event, the task's row and an audit row each; pending is
        // one query. Nothing reads a task back, nor, while it is in memory, a task's events.
        assertThat(COUNTER.statements.get() - storeReads).as("statements executed in %d cycles", cycles)
                .isLessThanOrEqualTo(10L * cycles);
        // no statement of the cycle needs a temporary table (the pending read once took two, one on disk, a read)
        assertThat(COUNTER.temporaryTables.get()).as("temporary tables created in %d cycles (MariaDB only)", cycles)
                .isZero();
    }
}
