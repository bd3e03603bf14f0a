package org.opentask.app;

import java.util.UUID;

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
                "opentask.security.operator-keys.olga=" + ApiTest.OPERATOR_KEY})
abstract class ApiTest {

    /** The key of the bot named {@code keybot}. */
    static final String BOT_KEY = "bot-key-of-keybot";
    /** The key of the operator named {@code olga}. */
    static final String OPERATOR_KEY = "operator-key-of-olga";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A bot name no other test uses. */
    static String bot(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
