package org.opentask.app.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentask.OpenTaskApplication;
import org.opentask.app.ApiClient;
import org.opentask.app.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole service started by hand on a database the test chooses: one instance of several on one database, or
 * one life of a service that is stopped and started again. The lease sweep runs ten times a second.
 */
final class RunningService implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final ApiClient api;

    private RunningService(Map<String, String> database) {
        List<String> args = new ArrayList<>();
        database.forEach((name, value) -> args.add("--" + name + "=" + value));
        args.add("--server.port=0");
        args.add("--opentask.timers.polling-interval=100ms");
        args.add("--spring.main.banner-mode=off");
        context = new SpringApplicationBuilder(OpenTaskApplication.class)
                .run(args.toArray(String[]::new));
        api = new ApiClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** The connection settings of a fresh database of the suite's kind (H2 or MariaDB). */
    static Map<String, String> newDatabase() {
        Map<String, String> settings = new LinkedHashMap<>();
        TestDatabase.register((name, value) -> settings.put(name, String.valueOf(value.get())));
        return settings;
    }

    static RunningService start(Map<String, String> database) {
        return new RunningService(database);
    }

    JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
