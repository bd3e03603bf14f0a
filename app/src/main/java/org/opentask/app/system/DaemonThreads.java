package org.opentask.app.system;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's own background threads (lease sweep, database watch, claims, webhook sending): daemons, so that none
 * keeps the JVM from stopping when the context closes, each named for what it does, as thread dumps and logs show it.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads all called {@code name}: for an executor of one thread. */
    public static ThreadFactory named(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** Threads called {@code prefix} and their number, from 1: for a pool. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + number.incrementAndGet());
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
