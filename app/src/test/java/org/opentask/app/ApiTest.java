package org.opentask.app;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.opentask.OpenTaskApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole service on a real port, on H2 or on MariaDB (see {@link TestDatabase}).
 * The context, and so its database, is shared by the test classes: tests use bot names of their own.
 */
@SpringBootTest(classes = OpenTaskApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "opentask.security.bot-keys.keybot=" + ApiTest.BOT_KEY,
                "opentask.security.bot-key-list=Other-Bot:" + ApiTest.OTHER_BOT_KEY,
                "opentask.security.operator-keys.olga=" + ApiTest.OPERATOR_KEY,
                // the suite sends many wrong keys on purpose from one address; KeyGuessingApiTest has the default
                "opentask.security.failed-key-budget=100000"})
public abstract class ApiTest {

    /** The key of the bot named {@code keybot}. */
    public static final String BOT_KEY = "bot-key-of-keybot";
    /** The key of the bot named {@code Other-Bot}: a name no environment variable could spell as a map key. */
    public static final String OTHER_BOT_KEY = "bot-key-of-other-bot";
    /** The key of the operator named {@code olga}. */
    public static final String OPERATOR_KEY = "operator-key-of-olga";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @BeforeEach
    protected void client() {
        api = new ApiClient(port);
    }

    /** A bot name no other test uses. */
    protected static String bot(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /** One of the clients {@link #runTogether} runs. */
    protected interface Worker {
        void run(int worker) throws Exception;
    }

    /** Runs {@code n} workers at once, released together, and waits for all of them. */
    protected static void runTogether(int n, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                running.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    worker.run(index);
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            for (Future<?> future : running) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
