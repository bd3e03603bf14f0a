package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/** With opentask.aggregate-cache off, every command reads its task from the event store. */
@TestPropertySource(properties = "opentask.aggregate-cache=false")
class AggregateCacheOffTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("taskCache")
    Cache taskCache;

    @Test
    void every_command_reads_its_task_from_the_event_store() {
        assertThat(context.getBean("taskRepository")).isInstanceOf(CachingEventSourcingRepository.class);
        long id = api.createTask(bot("nocache"), "not cached", "P2");
        assertThat(taskCache.containsKey(Long.toString(id))).isFalse();
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(409);
        assertThat(taskCache.containsKey(Long.toString(id))).isFalse();
    }
}
