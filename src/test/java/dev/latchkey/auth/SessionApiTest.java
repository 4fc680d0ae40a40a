package dev.latchkey.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/session (sign in) and DELETE /api/session (sign out), session cookies, header and expiry. */
class SessionApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static Api.Response login(String username, String password) {
        return app.api.as(ANONYMOUS).post("/api/session", Map.of("username", username, "password", password));
    }

    /** A new person, so throttling and sign-outs in one test never touch another's. */
    static String newPerson() {
        String email = "s." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        app.api.as(app.admin).post("/api/user", Map.of("email", email, "password", TestApp.PASSWORD)).expect(200);
        return email;
    }

    static Api.Caller cookie(String sessionId) { return a -> a.header("Cookie", "metabase.SESSION=" + sessionId); }

    @Nested
    class SignIn {
        @Test
        void the_right_password_gives_a_session_id_and_an_http_only_lax_cookie() {
            var r = login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD).expect(200);
            String id = r.json().get("id").asText();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
            String cookie = r.header("Set-Cookie");
            assertThat(cookie).startsWith("metabase.SESSION=" + id).containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax").contains("Path=/").doesNotContainIgnoringCase("Max-Age")
                    .doesNotContainIgnoringCase("Secure");
        }

        @Test
        void remember_me_adds_max_age_and_https_adds_secure() {
            var r = app.api.anonymous().header("X-Forwarded-Proto", "https").post("/api/session",
                    Map.of("username", TestApp.MEMBER_EMAIL, "password", TestApp.PASSWORD, "remember", true)).expect(200);
            assertThat(r.header("Set-Cookie")).contains("Max-Age=1209600").containsIgnoringCase("Secure");
        }

        @Test
        void the_email_matches_in_any_letter_case() {
            login(TestApp.MEMBER_EMAIL.toUpperCase(), TestApp.PASSWORD).expect(200);
        }

        @Test
        void a_wrong_password_or_unknown_email_is_401_with_metabase_body() {
            String expected = "{\"errors\":{\"password\":\"did not match stored password\"}}";
            assertThat(login(newPerson(), "Wrong-passw0rd").expect(401).json().toString()).isEqualTo(expected);
            assertThat(login("nobody." + UUID.randomUUID() + "@example.com", "Wrong-passw0rd").expect(401).json().toString())
                    .isEqualTo(expected);
        }

        @Test
        void a_deactivated_person_is_told_their_account_is_disabled() {
            String email = newPerson();
            long id = app.api.as(app.admin).get("/api/user?query=" + email.substring(0, 10)).expect(200).json()
                    .get("data").get(0).get("id").asLong();
            app.api.as(app.admin).delete("/api/user/" + id).expect(200);
            assertThat(login(email, TestApp.PASSWORD).expect(401).json().toString())
                    .isEqualTo("{\"errors\":{\"_error\":\"Your account is disabled.\"}}");
        }

        @Test
        void ten_failures_throttle_the_username_until_the_wait_is_over() {
            String email = newPerson();
            for (int i = 0; i < 10; i++) login(email, "Wrong-passw0rd").expect(401);
            JsonNode body = login(email, TestApp.PASSWORD).expect(401).json();
            assertThat(body.get("errors").get("username").asText())
                    .matches("Too many attempts! You must wait 1[45] seconds before trying again\\.");
            login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD).expect(200);
            app.clock.advance(Duration.ofSeconds(60));
            login(email, TestApp.PASSWORD).expect(200);
        }

        @Test
        void missing_fields_and_malformed_json_are_400() {
            JsonNode body = app.api.as(ANONYMOUS).post("/api/session", Map.of("password", "x")).expect(400).json();
            assertThat(body.get("errors").get("username").asText()).isEqualTo("value must be a non-blank string.");
            app.api.as(ANONYMOUS).post("/api/session", Map.of("username", "a@b.com", "password", " ")).expect(400);
            app.api.as(ANONYMOUS).post("/api/session", "{\"username\":").expect(400);
        }
    }

    @Nested
    class PresentingASession {
        @Test
        void the_header_and_the_cookie_both_work() {
            String id = login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD).expect(200).json().get("id").asText();
            app.api.as(TestApp.session(id)).get("/api/user/current").expect(200);
            app.api.as(cookie(id)).get("/api/user/current").expect(200);
        }

        @Test
        void a_valid_cookie_wins_over_a_bad_header() {
            String id = login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD).expect(200).json().get("id").asText();
            app.api.anonymous().header("Cookie", "metabase.SESSION=" + id).header("X-Metabase-Session", "nonsense")
                    .get("/api/user/current").expect(200);
        }

        @Test
        void an_unknown_session_is_401() {
            assertThat(app.api.as(TestApp.session(UUID.randomUUID().toString())).get("/api/user/current").expect(401).text())
                    .isEqualTo("Unauthenticated");
        }

        @Test
        void sessions_expire_after_max_session_age_from_sign_in() {
            try (TestApp shortLived = TestApp.start(c -> c.withMaxSessionAge(1))) {
                String id = shortLived.login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD);
                shortLived.clock.advance(Duration.ofSeconds(50));
                shortLived.api.as(TestApp.session(id)).get("/api/user/current").expect(200);
                shortLived.clock.advance(Duration.ofSeconds(15));
                shortLived.api.as(TestApp.session(id)).get("/api/user/current").expect(401);
                shortLived.api.as(TestApp.session(shortLived.login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD)))
                        .get("/api/user/current").expect(200);
            }
        }
    }

    @Nested
    class SignOut {
        @Test
        void signing_out_ends_the_session_and_clears_the_cookie() {
            String id = login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD).expect(200).json().get("id").asText();
            var r = app.api.as(TestApp.session(id)).delete("/api/session").expect(204);
            assertThat(r.text()).isEmpty();
            assertThat(r.header("Set-Cookie")).startsWith("metabase.SESSION=;").contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
            app.api.as(TestApp.session(id)).get("/api/user/current").expect(401);
            assertThat(app.api.as(TestApp.session(id)).delete("/api/session").expect(404).text()).isEqualTo("Not found.");
        }

        @Test
        void signing_out_with_the_cookie_works_too() {
            String id = login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD).expect(200).json().get("id").asText();
            app.api.as(cookie(id)).delete("/api/session").expect(204);
            app.api.as(cookie(id)).get("/api/user/current").expect(401);
        }

        @Test
        void signing_out_without_a_session_is_404() {
            app.api.as(ANONYMOUS).delete("/api/session").expect(404);
        }
    }
}
