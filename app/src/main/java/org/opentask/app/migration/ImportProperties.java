package org.opentask.app.migration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The import run mode, {@code opentask.import.*}; see {@code docs/migration.md}. Given a {@code url}, the jar
 * imports that original database into its own, reports, and exits.
 *
 * @param url      JDBC URL of the original's database ({@code jdbc:mariadb://host:3306/hope_engine})
 * @param limit    import at most this many tasks in this run, then stop (the next run goes on); 0: all
 * @param timeZone the zone of the original's stored local times; empty: the engine's ({@code opentask.time-zone})
 */
@ConfigurationProperties("opentask.import")
record ImportProperties(String url,
                        @DefaultValue("") String username,
                        @DefaultValue("") String password,
                        @DefaultValue("0") long limit,
                        @DefaultValue("") String timeZone) {
}
