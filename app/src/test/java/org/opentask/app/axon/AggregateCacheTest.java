package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;

/**
 * Tasks are kept in memory between commands by default (right with several instances: CachedDecisionCheck, and
 * TwoInstancesApiTest); a start or complete decides on the task kept in memory, and nothing else changes.
 */
class AggregateCacheTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("taskCache")
    Cache taskCache;

    @Test
    void tasks_are_kept_in_memory_and_the_lifecycle_and_its_refusals_hold() {
        assertThat(taskCache).isInstanceOf(TaskCache.class);
        assertThat(context.getBean("taskRepository")).isInstanceOf(CachingEventSourcingRepository.class);

        long id = api.createTask(bot("cache"), "cached", "P1");
        assertThat(taskCache.containsKey(Long.toString(id))).isTrue();
        assertThat(api.put("/api/tasks/" + id + "/complete").status()).isEqualTo(409);
        assertThat(api.put("/api/tasks/" + id + "/start").json().path("status").asString()).isEqualTo("running");
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(409);
        var completed = api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}");
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().path("status").asString()).isEqualTo("completed");
        // the refused commands stored nothing: one created, one started, one completed event
        assertThat(count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.toString(id))).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM bot_task_log WHERE task_id = ?", id)).isEqualTo(3);
    }
}
