package org.opentask.app.system;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings, {@code opentask.*}. Every one has a default that works out of the box; see
 * {@code docs/configuration.md}.
 *
 * @param apiKey          the shared key every {@code /api/**} call sends in {@code X-Bot-Key}
 * @param timeZone        the zone of the times the API shows and of "today" in the statistics; empty: the JVM's
 * @param maxRequestBytes the largest request body accepted; a larger one is refused with 413
 * @param idBlockSize     how many task ids an instance takes from the database at a time
 * @param defaultLimit    how many tasks a list or pending call returns when it names no {@code limit}
 * @param maxLimit        the largest {@code limit} a call may ask for
 */
@ConfigurationProperties("opentask")
public record OpenTaskProperties(@DefaultValue(DEFAULT_API_KEY) String apiKey,
                          @DefaultValue("") String timeZone,
                          @DefaultValue("1048576") int maxRequestBytes,
                          @DefaultValue("1000") int idBlockSize,
                          @DefaultValue("1000") int defaultLimit,
                          @DefaultValue("10000") int maxLimit) {

    /** The key the original service documented; the {@code prod} profile refuses to start with it. */
    public static final String DEFAULT_API_KEY = "hope-bot-apikey-2026-0424";

    /** How many tasks a list call returns: {@code limit}, checked against the bounds, or the default. */
    public int limit(Integer limit) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > maxLimit) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + maxLimit + ", got " + limit);
        }
        return limit;
    }

    ZoneId zone() {
        return timeZone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timeZone);
    }
}
