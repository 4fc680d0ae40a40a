package dev.latchkey.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.app.Config;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Metabase's settings API: GET/PUT /api/setting and /api/setting/:key, reflected in GET /api/session/properties. */
class SettingsApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static JsonNode row(TestApp app, String key) {
        for (JsonNode s : app.api.as(app.admin).get("/api/setting").expect(200).json()) if (s.get("key").asText().equals(key)) return s;
        throw new AssertionError("no setting " + key);
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Nested
    class List_ {
        @Test
        void admins_get_every_setting_with_its_variable_description_and_default() {
            JsonNode all = app.api.as(app.admin).get("/api/setting").expect(200).json();
            java.util.List<String> keys = new java.util.ArrayList<>();
            all.forEach(s -> keys.add(s.get("key").asText()));
            assertThat(keys).contains("site-name", "site-url", "admin-email", "site-locale", "start-of-week", "enable-password-login");
            JsonNode week = row(app, "start-of-week");
            assertThat(week.get("is_env_setting").asBoolean()).isFalse();
            assertThat(week.get("env_name").asText()).isEqualTo("MB_START_OF_WEEK");
            assertThat(week.get("default").asText()).isEqualTo("sunday");
            assertThat(week.get("description").asText()).isNotBlank();
            app.api.as(app.admin).put("/api/setting/report-timezone", body("value", "Europe/Berlin")).expect(204);
            assertThat(row(app, "report-timezone").get("value").asText()).isEqualTo("Europe/Berlin");
            assertThat(row(app, "enable-password-login").get("default").isBoolean()).isTrue();
        }

        @Test
        void only_admins_may_list_or_read() {
            app.api.as(app.member).get("/api/setting").expect(403);
            app.api.as(ANONYMOUS).get("/api/setting").expect(401);
            app.api.as(app.member).get("/api/setting/site-name").expect(403);
        }
    }

    @Nested
    class GetOne {
        @Test
        void the_value_comes_back_as_json() {
            app.api.as(app.admin).put("/api/setting/site-name", body("value", "Read back")).expect(204);
            assertThat(app.api.as(app.admin).get("/api/setting/site-name").expect(200).text()).isEqualTo("\"Read back\"");
            assertThat(app.api.as(app.admin).get("/api/setting/enable-password-login").expect(200).text()).isEqualTo("true");
        }

        @Test
        void an_unknown_key_is_404() {
            assertThat(app.api.as(app.admin).get("/api/setting/no-such-setting").expect(404).text()).isEqualTo("Not found.");
            app.api.as(app.admin).put("/api/setting/no-such-setting", body("value", "x")).expect(404);
            app.api.as(app.admin).put("/api/setting", body("no-such-setting", "x")).expect(404);
        }
    }

    @Nested
    class Update {
        @Test
        void a_change_is_204_read_back_everywhere_and_audited() {
            app.api.as(app.admin).put("/api/setting/admin-email", body("value", "Help@Example.com")).expect(204);
            assertThat(app.api.as(app.admin).get("/api/setting/admin-email").expect(200).json().asText()).isEqualTo("help@example.com");
            assertThat(app.api.as(app.member).get("/api/session/properties").expect(200).json().get("admin-email").asText())
                    .isEqualTo("help@example.com");
            assertThat(app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json().has("admin-email")).isFalse();
            JsonNode events = app.api.as(app.admin).get("/api/audit-log?topic=setting-update").expect(200).json().get("data");
            JsonNode last = events.get(0);
            assertThat(last.get("model").asText()).isEqualTo("Setting");
            assertThat(last.get("user_id").asLong()).isEqualTo(app.adminId);
            assertThat(last.get("details").get("key").asText()).isEqualTo("admin-email");
            assertThat(last.get("details").get("new_value").asText()).isEqualTo("help@example.com");
        }

        @Test
        void bulk_changes_apply_together_and_session_properties_reflect_them() {
            app.api.as(app.admin).put("/api/setting", body("site-url", "latchkey.example.com/", "start-of-week", "Monday",
                    "site-locale", "pt-br", "site-name", "Acme Analytics")).expect(204);
            JsonNode anonymous = app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json();
            assertThat(anonymous.get("site-url").asText()).isEqualTo("http://latchkey.example.com");
            assertThat(anonymous.get("start-of-week").asText()).isEqualTo("monday");
            assertThat(anonymous.get("site-locale").asText()).isEqualTo("pt_BR");
            assertThat(anonymous.has("site-name")).isFalse();
            assertThat(app.api.as(app.member).get("/api/session/properties").expect(200).json().get("site-name").asText())
                    .isEqualTo("Acme Analytics");
        }

        @Test
        void null_resets_a_setting_to_its_default() {
            app.api.as(app.admin).put("/api/setting/start-of-week", body("value", "friday")).expect(204);
            assertThat(row(app, "start-of-week").get("value").asText()).isEqualTo("friday");
            app.api.as(app.admin).put("/api/setting/start-of-week", body("value", null)).expect(204);
            assertThat(row(app, "start-of-week").get("value").isNull()).isTrue();
            assertThat(app.api.as(app.admin).get("/api/setting/start-of-week").expect(200).json().asText()).isEqualTo("sunday");
        }

        @Test
        void a_bad_value_is_a_400_naming_it_and_a_bulk_change_with_one_writes_nothing() {
            String before = app.api.as(app.admin).get("/api/setting/site-name").expect(200).json().asText();
            JsonNode bad = app.api.as(app.admin).put("/api/setting", body("site-name", "Never saved", "site-locale", "xx_QQ")).expect(400).json();
            assertThat(bad.get("message").asText()).isEqualTo("Invalid locale \"xx_QQ\"");
            assertThat(app.api.as(app.admin).get("/api/setting/site-name").expect(200).json().asText()).isEqualTo(before);
            app.api.as(app.admin).put("/api/setting/start-of-week", body("value", "someday")).expect(400);
            app.api.as(app.admin).put("/api/setting/site-url", body("value", "ftp://files.example.com")).expect(400);
            app.api.as(app.admin).put("/api/setting/site-name", body("value", Map.of("a", 1))).expect(400);
            app.api.as(app.admin).put("/api/setting/site-name", body("value", "a\u0000b")).expect(400);
            app.api.as(app.admin).put("/api/setting/admin-email", body("value", "not an email")).expect(400);
            app.api.as(app.admin).put("/api/setting/site-name", Map.of()).expect(400);
        }

        @Test
        void password_sign_in_cannot_be_turned_off() {
            JsonNode r = app.api.as(app.admin).put("/api/setting/enable-password-login", body("value", false)).expect(400).json();
            assertThat(r.get("message").asText()).contains("no other way to sign in");
            app.api.as(app.admin).put("/api/setting/enable-password-login", body("value", true)).expect(204);
            assertThat(app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json().get("enable-password-login").asBoolean()).isTrue();
        }

        @Test
        void only_admins_may_change_settings() {
            app.api.as(app.member).put("/api/setting/site-name", body("value", "Mine")).expect(403);
            app.api.as(app.member).put("/api/setting", body("site-name", "Mine")).expect(403);
            app.api.as(ANONYMOUS).put("/api/setting/site-name", body("value", "Mine")).expect(401);
            assertThat(app.api.as(app.admin).get("/api/setting/site-name").expect(200).json().asText()).isNotEqualTo("Mine");
        }
    }

    @Nested
    class FixedByTheEnvironment {
        @Test
        void a_setting_set_by_its_variable_is_reported_as_such_and_cannot_be_changed() {
            try (TestApp env = TestApp.start(c -> c.withSettingsEnv(Map.of("MB_SITE_NAME", "Env Co", "MB_START_OF_WEEK", "Monday")))) {
                JsonNode name = row(env, "site-name");
                assertThat(name.get("is_env_setting").asBoolean()).isTrue();
                assertThat(name.get("value").isNull()).isTrue();
                assertThat(name.get("default").asText()).isEqualTo("Using value of env var $MB_SITE_NAME");
                assertThat(env.api.as(env.admin).get("/api/setting/site-name").expect(200).json().asText()).isEqualTo("Env Co");
                assertThat(env.api.as(env.member).get("/api/session/properties").expect(200).json().get("site-name").asText()).isEqualTo("Env Co");
                assertThat(env.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json().get("start-of-week").asText()).isEqualTo("monday");
                JsonNode refused = env.api.as(env.admin).put("/api/setting/site-name", body("value", "Other")).expect(400).json();
                assertThat(refused.get("message").asText()).contains("MB_SITE_NAME");
                env.api.as(env.admin).put("/api/setting", body("site-locale", "de", "start-of-week", "friday")).expect(400);
                assertThat(env.api.as(env.admin).get("/api/setting/site-locale").expect(200).json().asText()).isEqualTo("en");
                assertThat(env.api.as(env.admin).get("/api/setting/site-name").expect(200).json().asText()).isEqualTo("Env Co");
            }
        }

        @Test
        void a_bad_value_in_a_variable_stops_start_up_naming_it() {
            assertThatThrownBy(() -> Config.fromEnv(Map.of("MB_SITE_LOCALE", "klingon"))).isInstanceOf(Config.ConfigException.class)
                    .hasMessageContaining("MB_SITE_LOCALE");
            assertThatThrownBy(() -> Config.fromEnv(Map.of("MB_ENABLE_PASSWORD_LOGIN", "false"))).isInstanceOf(Config.ConfigException.class)
                    .hasMessageContaining("MB_ENABLE_PASSWORD_LOGIN");
            assertThat(Config.fromEnv(Map.of("MB_SITE_URL", "https://bi.example.com/")).fixedSettings())
                    .containsEntry("site-url", "https://bi.example.com");
        }
    }
}
