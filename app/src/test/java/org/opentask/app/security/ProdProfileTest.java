package org.opentask.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentask.app.ApiTest;
import org.opentask.app.AppInstance;
import org.opentask.app.system.OpenTaskProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code prod} profile refuses the documented default key and runs with a key of its own. */
class ProdProfileTest extends ApiTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void the_prod_profile_refuses_to_start_with_the_default_key() {
        assertThatThrownBy(() -> AppInstance.onDatabaseOf(context, "spring.profiles.active=prod").close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod profile needs its own API key");
        assertThatThrownBy(() -> AppInstance.onDatabaseOf(context, "spring.profiles.active=prod",
                "opentask.api-key=" + OpenTaskProperties.DEFAULT_API_KEY).close())
                .rootCause()
                .hasMessageContaining("prod profile needs its own API key");
    }

    @Test
    void the_prod_profile_refuses_a_blank_key() {
        // with a blank key every call would be refused: better not to start at all
        assertThatThrownBy(() -> AppInstance.onDatabaseOf(context, "spring.profiles.active=prod",
                "opentask.api-key=   ").close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("API key");
    }

    @Test
    void the_prod_profile_starts_with_another_key_and_accepts_only_that_one() {
        String key = "prod-key-of-at-least-24-chars-" + bot("k");
        try (AppInstance prod = AppInstance.onDatabaseOf(context, "spring.profiles.active=prod",
                "opentask.api-key=" + key)) {
            var withKey = prod.api.send(prod.api.requestWithoutKey("/api/tasks?assigned_to=x")
                    .header("X-Bot-Key", key).GET());
            assertThat(withKey.status()).isEqualTo(200);
            var withDefault = prod.api.get("/api/tasks?assigned_to=x");
            assertThat(withDefault.status()).isEqualTo(401);
            assertThat(withDefault.detail()).isEqualTo("Invalid API Key");
        }
    }

    @Test
    void the_prod_profile_refuses_weak_keys() {
        for (String weak : new String[] {"change-me-before-production", "short-key-of-23-chars-x"}) {
            assertThatThrownBy(() -> AppInstance.onDatabaseOf(context, "spring.profiles.active=prod",
                    "opentask.api-key=" + weak).close())
                    .as(weak)
                    .rootCause()
                    .hasMessageContaining("prod profile needs its own API key");
        }
        assertThatThrownBy(() -> AppInstance.onDatabaseOf(context, "spring.profiles.active=prod",
                "opentask.api-key=a-strong-shared-key-of-40-characters-xyz",
                "opentask.security.bot-keys.anna=anna-key").close())
                .rootCause()
                .hasMessageContaining("the key of bot anna");
    }

    @Test
    void the_prod_profile_starts_without_a_shared_key_when_its_role_is_disabled() {
        try (AppInstance prod = AppInstance.onDatabaseOf(context, "spring.profiles.active=prod",
                "opentask.security.shared-key-role=disabled",
                "opentask.security.operator-keys.ops=" + "operator-key-of-at-least-24-characters")) {
            assertThat(prod.api.get("/api/tasks?assigned_to=x").detail()).isEqualTo("Invalid API Key");
            var withKey = prod.api.send(prod.api.requestWithoutKey("/api/tasks?assigned_to=x")
                    .header("X-Bot-Key", "operator-key-of-at-least-24-characters").GET());
            assertThat(withKey.status()).isEqualTo(200);
        }
    }

    @Test
    void without_the_prod_profile_the_default_key_is_accepted() {
        assertThat(api.get("/api/tasks?assigned_to=x").status()).isEqualTo(200);
    }
}
