package org.opentask.app.axon;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cache the Task aggregate's repository keeps loaded tasks in ({@code @Aggregate(cache = "taskCache")}).
 * Off by default: with it, a start or complete decides on the task held in memory instead of reading the task's
 * events again, which saves two queries per command (docs/performance.md), but it is right only while one instance
 * handles all the commands; a second instance's events would not be seen by this one's cached tasks.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

    @Bean
    Cache taskCache(@Value("${opentask.aggregate-cache:false}") boolean enabled) {
        return enabled ? new WeakReferenceCache() : NoCache.INSTANCE;
    }
}
