package org.opentask.app.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tasks kept in memory between commands ({@code @Aggregate(cache = "taskCache")}): a start or a complete decides on
 * the task held in memory instead of reading its events again, one query less per command (docs/performance.md).
 * Entries are weakly held, so the cache never holds memory the heap needs. Right with several instances on one
 * database: see {@link CachedDecisionCheck}. {@code opentask.aggregate-cache=false} switches it off.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

    @Bean
    Cache taskCache(@Value("${opentask.aggregate-cache:true}") boolean enabled) {
        return new TaskCache(enabled ? new WeakReferenceCache() : NoCache.INSTANCE);
    }

    @Bean
    CachedDecisionCheck cachedDecisionCheck(@Qualifier("taskCache") Cache taskCache) {
        return new CachedDecisionCheck(taskCache);
    }

    @Bean
    Registration cachedDecisionsChecked(CommandBus commandBus, CachedDecisionCheck check) {
        return commandBus.registerHandlerInterceptor(check);
    }

    @Bean
    Registration appendsNoted(EventStore eventStore, CachedDecisionCheck check) {
        return eventStore.registerDispatchInterceptor(check);
    }
}
