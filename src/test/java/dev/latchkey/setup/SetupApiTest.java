package dev.latchkey.setup;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class SetupApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    @Test
    void health_answers_ok_without_credentials() {
        assertThat(app.api.as(ANONYMOUS).get("/api/health").expect(200).json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void after_setup_the_token_is_no_longer_offered_and_setup_is_refused() {
        var props = app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json();
        assertThat(props.get("has-user-setup").asBoolean()).isTrue();
        assertThat(props.get("setup-token").isNull()).isTrue();
        assertThat(props.has("site-name")).isFalse();
        var body = Map.of("token", "anything", "user", Map.of("email", "x@y.com", "password", "abc123xyz"),
                "prefs", Map.of("site_name", "x"));
        assertThat(app.api.as(ANONYMOUS).post("/api/setup", body).expect(403).text())
                .isEqualTo(SetupService.ALREADY);
    }

    @Test
    void the_admin_is_a_superuser_in_all_users_and_administrators() {
        var me = app.api.as(app.admin).get("/api/user/current").expect(200).json();
        assertThat(me.get("is_superuser").asBoolean()).isTrue();
        assertThat(me.get("common_name").asText()).isEqualTo("Crowberto Corv");
        assertThat(me.get("group_ids").toString()).isEqualTo("[1,2]");
    }

    @Test
    void unknown_api_paths_are_404_and_trailing_slashes_are_accepted() {
        app.api.as(app.admin).get("/api/does-not-exist").expect(404);
        app.api.as(app.admin).get("/api/user/current/").expect(200);
    }

    @Test
    void no_credentials_is_401_with_metabase_body() {
        assertThat(app.api.as(ANONYMOUS).get("/api/user/current").expect(401).text()).isEqualTo("Unauthenticated");
    }
}
