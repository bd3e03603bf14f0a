package org.opentask.app.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.opentask.app.ApiClient;
import org.opentask.app.AppInstance;
import org.opentask.app.TestDatabase;
import tools.jackson.databind.JsonNode;

/** What the webhook tests share: a service on a fresh database, subscriptions, and waiting for deliveries. */
final class Webhooked {

    private Webhooked() {
    }

    /** The connection settings of a fresh database of the suite's kind (H2 or MariaDB), as name=value. */
    static List<String> newDatabase() {
        Map<String, String> settings = new LinkedHashMap<>();
        TestDatabase.register((name, value) -> settings.put(name, String.valueOf(value.get())));
        List<String> list = new ArrayList<>();
        settings.forEach((name, value) -> list.add(name + "=" + value));
        return list;
    }

    /** A service on {@code database}, sending to loopback receivers, with {@code settings} on top. */
    static AppInstance start(List<String> database, String... settings) {
        List<String> all = new ArrayList<>(database);
        all.add("opentask.webhooks.allow-private-targets=true");
        all.add("opentask.webhooks.poll-interval=100ms");
        all.addAll(List.of(settings));
        return AppInstance.start(all.toArray(String[]::new));
    }

    /** Subscribes {@code url} to {@code events} (a JSON array's items); answers the subscription as created. */
    static JsonNode subscribe(ApiClient api, String url, String events, String more) {
        ApiClient.Response created = api.post("/api/admin/webhooks", "{\"url\":\"" + url + "\",\"events\":[" + events
                + "]" + (more == null ? "" : "," + more) + "}");
        if (created.status() != 201) {
            throw new IllegalStateException("subscribe failed: " + created);
        }
        return created.json();
    }

    /** A task of {@code bot}, created, started and completed; answers its id. */
    static long completed(ApiClient api, String bot) {
        long id = api.createTask(bot, "work", "P2");
        check(api.put("/api/tasks/" + id + "/start"));
        check(api.put("/api/tasks/" + id + "/complete", "{\"result\":\"done\"}"));
        return id;
    }

    static void check(ApiClient.Response response) {
        if (response.status() != 200) {
            throw new IllegalStateException("call failed: " + response);
        }
    }

    /** A condition that cannot be judged yet (a list still empty, say) does not hold. */
    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code limit}. */
    static void eventually(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
