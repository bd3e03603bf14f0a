package org.opentask.app;

import java.util.ArrayList;
import java.util.List;

import org.opentask.OpenTaskApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another instance of the service in this JVM, on a port of its own: for tests of several instances on one
 * database, of restarts and of start-up checks. Settings are given as command-line arguments, which win over
 * {@code application.properties} as they do for a user.
 */
public final class AppInstance implements AutoCloseable {

    public final ConfigurableApplicationContext context;
    public final int port;
    public final ApiClient api;

    private AppInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        this.api = new ApiClient(port);
    }

    /** Starts an instance with {@code settings} ({@code name=value}) on a random port. */
    public static AppInstance start(String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.jmx.enabled=false"));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new AppInstance(
                new SpringApplicationBuilder(OpenTaskApplication.class).main(OpenTaskApplication.class)
                        .run(args.toArray(String[]::new)));
    }

    /** Starts an instance on the database the shared test context uses. */
    public static AppInstance onDatabaseOf(ConfigurableApplicationContext shared, String... settings) {
        var env = shared.getEnvironment();
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + env.getRequiredProperty("spring.datasource.url"),
                "spring.datasource.username=" + env.getRequiredProperty("spring.datasource.username"),
                "spring.datasource.password=" + env.getProperty("spring.datasource.password", "")));
        all.addAll(List.of(settings));
        return start(all.toArray(String[]::new));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
