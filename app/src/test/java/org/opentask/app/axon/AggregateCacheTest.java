package org.opentask.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;

/** opentask.aggregate-cache: off by default (safe with several instances), on for one instance (docs/performance.md). */
class AggregateCacheTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("taskCache")
    Cache taskCache;

    @Test
    void by_default_every_command_reads_its_task_from_the_event_store() {
        // the repository always asks the cache; by default the cache keeps nothing, so every load reads the events
        assertThat(context.getBean("taskRepository")).isInstanceOf(CachingEventSourcingRepository.class);
        assertThat(taskCache).isSameAs(NoCache.INSTANCE);
        long id = api.createTask(bot("nocache"), "not cached", "P2");
        assertThat(taskCache.containsKey(Long.toString(id))).isFalse();
    }
}
