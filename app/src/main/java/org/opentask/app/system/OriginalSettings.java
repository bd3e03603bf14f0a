package org.opentask.app.system;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The original OpenTask's settings, read where the engine's own are not given, so that its environment and its
 * {@code .env} file (imported by {@code application.properties}) work unchanged: {@code DB_HOST}, {@code DB_PORT}
 * and {@code DB_NAME} make the database URL when {@code DB_URL} is not set ({@code DB_USER}, {@code DB_PASSWORD}
 * and {@code API_KEY} are read in {@code application.properties}). The import run mode starts no web server. Every
 * value here is a default: anything set anywhere else wins.
 */
public class OriginalSettings implements EnvironmentPostProcessor {

    static final String SOURCE = "openTaskOriginalSettings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        if (!environment.containsProperty("DB_URL")
                && (environment.containsProperty("DB_HOST") || environment.containsProperty("DB_NAME"))) {
            defaults.put("opentask.original-datasource-url", "jdbc:mariadb://"
                    + environment.getProperty("DB_HOST", "localhost") + ":" + environment.getProperty("DB_PORT", "3306")
                    + "/" + environment.getProperty("DB_NAME", "hope_engine"));
        }
        if (environment.containsProperty("opentask.import.url")) {
            defaults.put("spring.main.web-application-type", "none");
        }
        if (!defaults.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
        }
    }
}
