package org.opentask.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name=value} arguments. Every option has a default, and the environment variable of the same name in
 * upper case with underscores ({@code --db-user} and {@code DB_USER}) comes between the two, so one shell session
 * can point every command at the same service and database.
 */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> environment;
    private final Set<String> used = new HashSet<>();

    Options(String[] args, Map<String, String> environment) {
        this.environment = environment;
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                values.put(arg.substring(2), "true");
            } else {
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
    }

    String text(String name, String fallback) {
        used.add(name);
        String value = values.get(name);
        if (value == null) {
            value = environment.get(name.toUpperCase().replace('-', '_'));
        }
        return value == null ? fallback : value;
    }

    int integer(String name, int fallback) {
        return (int) number(name, fallback);
    }

    long number(String name, long fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got " + value);
        }
    }

    double decimal(String name, double fallback) {
        String value = text(name, null);
        return value == null ? fallback : Double.parseDouble(value);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(text(name, "false"));
    }

    /** Catches a mistyped option before a long run starts instead of silently using a default. */
    void requireAllUsed() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", unknown));
        }
    }
}
