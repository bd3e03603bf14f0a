package org.opentask.app.axon;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The cache the Task aggregate's repository keeps loaded tasks in ({@code @Aggregate(cache = "taskCache")}), noting
 * in the command's unit of work which task it served from memory: {@link CachedDecisionCheck} then knows a decision
 * was taken on a task that another instance may have changed since.
 */
final class TaskCache implements Cache {

    /** The unit-of-work resource naming the task this command's decision was served from the cache. */
    static final String SERVED = TaskCache.class.getName() + ".served";

    private final Cache entries;

    TaskCache(Cache entries) {
        this.entries = entries;
    }

    @Override
    public <K, V> V get(K key) {
        V entry = entries.get(key);
        if (entry != null && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().resources().put(SERVED, key);
        }
        return entry;
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return entries.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, update);
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void removeAll() {
        entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return entries.registerCacheEntryListener(cacheEntryListener);
    }
}
