package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks add nothing to a request: with a subscription to every kind of event and a receiver taking every
 * delivery, a heartbeat cycle costs on request threads exactly what it costs with none: the same statements, one
 * commit per command. The deliveries are made by threads of their own.
 */
@Import(WebhookCostTest.Counting.class)
// the task cache off: a weakly held cache loses tasks to the collector now and then, a read more each time; off,
// every command reads its task, and two runs of the same cycles cost exactly the same
@TestPropertySource(properties = {"opentask.webhooks.allow-private-targets=true", "opentask.aggregate-cache=false"})
class WebhookCostTest extends ApiTest {

    static final JdbcCounter COUNTER = new JdbcCounter();

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        static BeanPostProcessor countingUnderThePools() {
            return COUNTER.underEveryPool();
        }
    }

    private void cycle(String bot) {
        ApiClient.Response created = api.post("/api/tasks", "{\"task_name\":\"cycle\",\"assigned_to\":\"" + bot + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        long id = created.json().get("id").asLong();
        JsonNode pending = api.get("/api/tasks/pending?assigned_to=" + bot).json();
        assertThat(pending.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(api.put("/api/tasks/" + id + "/start").status()).isEqualTo(200);
        assertThat(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}").status()).isEqualTo(200);
    }

    /** Statements and commits on request threads in {@code cycles} heartbeat cycles. */
    private long[] measure(String bot, int cycles) {
        COUNTER.reset();
        for (int i = 0; i < cycles; i++) {
            cycle(bot);
        }
        return new long[] {COUNTER.statements.get(), COUNTER.commits.get(), COUNTER.autocommitSwitches.get()};
    }

    @Test
    void a_heartbeat_cycle_costs_the_same_with_a_subscription_to_every_event() throws Exception {
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String bot = bot("hookcost");
            int cycles = 20;
            for (int i = 0; i < 5; i++) {
                cycle(bot); // the id block and the prepared statements settle
            }
            long[] without = measure(bot, cycles);

            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cost";
            assertThat(api.post("/api/admin/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"created\",\"started\","
                    + "\"completed\"]}").status()).isEqualTo(201);
            long[] with = measure(bot, cycles);

            long end = System.currentTimeMillis() + 15_000;
            while (received.get() < 3 * cycles && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            assertThat(received.get()).as("deliveries").isEqualTo(3 * cycles);
            assertThat(with[0]).as("statements in %d cycles, with a subscription and without", cycles)
                    .isEqualTo(without[0]);
            assertThat(with[1]).as("commits").isEqualTo(3L * cycles).isEqualTo(without[1]);
            assertThat(with[2]).as("autocommit switches").isZero();
        } finally {
            receiver.stop(0);
        }
    }
}
