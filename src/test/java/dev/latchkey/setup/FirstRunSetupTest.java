package dev.latchkey.setup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** A brand-new instance: the setup token, setup's validation errors, and exactly one successful setup. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstRunSetupTest {
    static TestApp app;
    static String token;

    @BeforeAll static void start() {
        app = TestApp.startUnseeded();
        token = app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json().get("setup-token").asText();
    }

    @AfterAll static void stop() { app.close(); }

    static Map<String, Object> setup(String token, Map<String, Object> user, Map<String, Object> prefs) {
        Map<String, Object> body = new HashMap<>();
        body.put("token", token);
        body.put("user", user);
        body.put("prefs", prefs);
        return body;
    }

    static Map<String, Object> user() {
        return new HashMap<>(Map.of("email", "first@example.com", "first_name", "First", "last_name", "Admin",
                "password", TestApp.PASSWORD));
    }

    static String error(Map<String, Object> body, String field) {
        JsonNode json = app.api.as(ANONYMOUS).post("/api/setup", body).expect(400).json();
        return json.get("errors").get(field).asText();
    }

    @Test @Order(1)
    void before_setup_the_properties_offer_a_token_and_the_password_rule() {
        JsonNode props = app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json();
        assertThat(props.get("setup-token").asText()).matches("[0-9a-f-]{36}");
        assertThat(props.get("has-user-setup").asBoolean()).isFalse();
        assertThat(props.get("password-complexity").toString()).isIn("{\"total\":6,\"digit\":1}", "{\"digit\":1,\"total\":6}");
        assertThat(props.has("site-name")).isFalse();
        app.api.as(ANONYMOUS).get("/api/user/current").expect(401);
    }

    @Test @Order(2)
    void a_wrong_or_missing_token_is_400() {
        assertThat(error(setup("wrong", user(), Map.of("site_name", "Acme")), "token"))
                .isEqualTo("Token does not match the setup token.");
        Map<String, Object> noToken = setup(token, user(), Map.of("site_name", "Acme"));
        noToken.remove("token");
        assertThat(error(noToken, "token")).isEqualTo("Token does not match the setup token.");
    }

    @Test @Order(3)
    void invalid_user_fields_are_400_with_metabase_messages() {
        Map<String, Object> badEmail = user();
        badEmail.put("email", "not-an-email");
        assertThat(error(setup(token, badEmail, Map.of("site_name", "Acme")), "email")).isEqualTo("value must be a valid email address.");
        Map<String, Object> weak = user();
        weak.put("password", "abcdef");
        assertThat(error(setup(token, weak, Map.of("site_name", "Acme")), "password")).isEqualTo("password is too common.");
        Map<String, Object> common = user();
        common.put("password", "password1");
        assertThat(error(setup(token, common, Map.of("site_name", "Acme")), "password")).isEqualTo("password is too common.");
        Map<String, Object> blankName = user();
        blankName.put("first_name", " ");
        assertThat(error(setup(token, blankName, Map.of("site_name", "Acme")), "first_name")).isEqualTo("value must be a non-blank string.");
    }

    @Test @Order(4)
    void a_missing_site_name_or_malformed_body_is_400() {
        assertThat(error(setup(token, user(), Map.of()), "site_name")).isEqualTo("value must be a non-blank string.");
        assertThat(error(setup(token, user(), Map.of("site_name", "  ")), "site_name")).isEqualTo("value must be a non-blank string.");
        app.api.as(ANONYMOUS).post("/api/setup", "{\"token\":").expect(400);
        app.api.as(ANONYMOUS).post("/api/setup", Map.of("token", token, "user", "me", "prefs", Map.of("site_name", "A"))).expect(400);
        assertThat(app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json().get("has-user-setup").asBoolean())
                .isFalse();
    }

    @Test @Order(5)
    void parallel_setups_create_exactly_one_admin_and_the_rest_are_refused() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Map<String, Object> u = user();
                u.put("email", "racer" + i + "@example.com");
                calls.add(() -> app.api.as(ANONYMOUS).post("/api/setup", setup(token, u, Map.of("site_name", "Acme"))).status());
            }
            for (var f : pool.invokeAll(calls)) statuses.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 403);
    }

    @Test @Order(6)
    void after_setup_the_token_is_gone_and_setup_is_refused_with_metabase_text() {
        JsonNode props = app.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json();
        assertThat(props.get("setup-token").isNull()).isTrue();
        assertThat(props.get("has-user-setup").asBoolean()).isTrue();
        Map<String, Object> u = user();
        u.put("email", "late@example.com");
        assertThat(app.api.as(ANONYMOUS).post("/api/setup", setup(token, u, Map.of("site_name", "Acme"))).expect(403).text())
                .isEqualTo(SetupService.ALREADY);
    }
}
