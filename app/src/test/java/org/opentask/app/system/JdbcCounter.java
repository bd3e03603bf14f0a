package org.opentask.app.system;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Counts what the service asks of the database on request threads (Tomcat's {@code exec} threads): statements
 * executed, commits, rollbacks and autocommit switches, as the driver receives them, and among the statements the
 * reads of a task's stored events or snapshot (what a command costs when its task is not in memory). Installed under
 * both connection pools, between the pool and the driver, by {@link #underEveryPool}.
 */
final class JdbcCounter {

    final AtomicLong statements = new AtomicLong();
    final AtomicLong commits = new AtomicLong();
    final AtomicLong rollbacks = new AtomicLong();
    final AtomicLong autocommitSwitches = new AtomicLong();
    final AtomicLong storeReads = new AtomicLong();
    /** Temporary tables the statements made the server create (MariaDB and MySQL: their session status). */
    final AtomicLong temporaryTables = new AtomicLong();
    /** Of those, the ones the server wrote to disk. */
    final AtomicLong diskTemporaryTables = new AtomicLong();
    /** Sorts the server ran for the statements, after a scan or a range read (a walk along an index needs none). */
    final AtomicLong sorts = new AtomicLong();
    /** The text of every counted statement, in the order they ran. */
    final List<String> texts = new CopyOnWriteArrayList<>();
    private final boolean watchTemporaryTables;

    JdbcCounter() {
        this(false);
    }

    /** {@code watchTemporaryTables}: also read the session's temporary table count around every counted statement. */
    JdbcCounter(boolean watchTemporaryTables) {
        this.watchTemporaryTables = watchTemporaryTables;
    }

    void reset() {
        storeReads.set(0);
        temporaryTables.set(0);
        diskTemporaryTables.set(0);
        sorts.set(0);
        texts.clear();
        statements.set(0);
        commits.set(0);
        rollbacks.set(0);
        autocommitSwitches.set(0);
    }

    /** Gives every Hikari pool a driver-level data source whose connections this counter watches. */
    BeanPostProcessor underEveryPool() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
                    DriverManagerDataSource driver = new DriverManagerDataSource(pool.getJdbcUrl(),
                            pool.getUsername(), pool.getPassword());
                    driver.setConnectionProperties(pool.getDataSourceProperties());
                    pool.setDataSource(counting(driver));
                }
                return bean;
            }
        };
    }

    private DataSource counting(DataSource driver) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(driver, method, args);
                    return result instanceof Connection connection ? connection(connection) : result;
                });
    }

    private Connection connection(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            boolean counted = Thread.currentThread().getName().contains("exec-");
            switch (method.getName()) {
                case "commit" -> count(counted, commits);
                case "rollback" -> count(counted, rollbacks);
                case "setAutoCommit" -> count(counted, autocommitSwitches);
                default -> {
                }
            }
            Object result = invoke(connection, method, args);
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
            if (result instanceof CallableStatement statement) {
                return watched(statement, CallableStatement.class, sql);
            }
            if (result instanceof PreparedStatement statement) {
                return watched(statement, PreparedStatement.class, sql);
            }
            if (result instanceof Statement statement) {
                return watched(statement, Statement.class, sql);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private <T extends Statement> T watched(T statement, Class<T> type, String prepared) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute")) {
                        boolean counted = Thread.currentThread().getName().contains("exec-");
                        count(counted, statements);
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : prepared;
                        if (readsStoredTask(sql)) {
                            count(counted, storeReads);
                        }
                        if (counted && sql != null) {
                            texts.add(sql);
                        }
                        if (counted && watchTemporaryTables) {
                            long[] before = sessionStatus(statement.getConnection());
                            Object result = invoke(statement, method, args);
                            long[] after = sessionStatus(statement.getConnection());
                            temporaryTables.addAndGet(after[0] - before[0]);
                            diskTemporaryTables.addAndGet(after[1] - before[1]);
                            sorts.addAndGet(after[2] - before[2] + after[3] - before[3]);
                            return result;
                        }
                    }
                    return invoke(statement, method, args);
                }));
    }

    /**
     * The session's temporary tables, those on disk, and sorts after a scan and after a range read, so far; reading
     * them creates no temporary table and runs no sort (the driver's connection, not counted as a statement).
     */
    private static long[] sessionStatus(Connection connection) throws java.sql.SQLException {
        List<String> names = List.of("Created_tmp_tables", "Created_tmp_disk_tables", "Sort_scan", "Sort_range");
        long[] counts = new long[names.size()];
        try (Statement show = connection.createStatement();
             java.sql.ResultSet status = show.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN"
                     + " ('Created_tmp_tables', 'Created_tmp_disk_tables', 'Sort_scan', 'Sort_range')")) {
            while (status.next()) {
                counts[names.indexOf(status.getString(1))] = status.getLong(2);
            }
        }
        return counts;
    }

    private static boolean readsStoredTask(String sql) {
        if (sql == null) {
            return false;
        }
        String text = sql.strip().toLowerCase(java.util.Locale.ROOT);
        return text.startsWith("select")
                && (text.contains("domain_event_entry") || text.contains("snapshot_event_entry"));
    }

    private static void count(boolean counted, AtomicLong counter) {
        if (counted) {
            counter.incrementAndGet();
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
