package dev.latchkey.reliability;

import dev.latchkey.apikeys.ApiKeySecrets;
import dev.latchkey.app.Config;
import dev.latchkey.auth.FailedKeyThrottle;
import dev.latchkey.auth.LoginThrottle;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abuse of sign-in, password changes and keys: the client address comes from the proxy header only when the proxy
 * is trusted, the sign-in wait is capped and not extended by refused attempts, wrong old passwords are throttled
 * per person, and wrong API keys per client address (429 with Retry-After) without slowing other clients.
 */
class AbuseTest {
    static final String BAD = "Wrong-passw0rd";

    static Api from(Api api, String address) { return api.header("X-Forwarded-For", address); }

    static Api.Response signIn(Api api, String email, String password) {
        return api.post("/api/session", Map.of("username", email, "password", password));
    }

    /** An app whose proxy at 127.0.0.1 is trusted to name the client in X-Forwarded-For. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BehindATrustedProxy {
        TestApp app;

        @BeforeAll void start() { app = TestApp.start(c -> c.withProxy(new Config.Proxy("X-Forwarded-For", List.of("127.0.0.1")))); }

        @AfterAll void stop() { app.close(); }

        @Test
        void fifty_failures_from_one_client_do_not_lock_out_another() {
            Api attacker = from(app.api.anonymous(), "203.0.113.7");
            for (int i = 0; i < 50; i++) signIn(attacker, "nobody" + i + "@example.com", BAD).expect(401);
            assertThat(signIn(attacker, TestApp.ADMIN_EMAIL, TestApp.PASSWORD).text()).contains("Too many attempts");
            signIn(from(app.api.anonymous(), "198.51.100.9"), TestApp.ADMIN_EMAIL, TestApp.PASSWORD).expect(200);
        }

        @Test
        void the_client_is_the_rightmost_address_the_trusted_proxy_did_not_add_itself() {
            Api forged = app.api.anonymous().header("X-Forwarded-For", "10.0.0.1, 192.0.2.44");
            for (int i = 0; i < 50; i++) signIn(forged, "nobody" + i + "@example.org", BAD).expect(401);
            // the forged left-hand entry changes nothing: 192.0.2.44 is the client and is throttled
            Api sameClient = app.api.anonymous().header("X-Forwarded-For", "10.9.9.9, 192.0.2.44");
            assertThat(signIn(sameClient, TestApp.ADMIN_EMAIL, TestApp.PASSWORD).text()).contains("Too many attempts");
        }

        @Test
        void wrong_api_keys_from_one_client_get_429_with_retry_after_and_other_clients_are_not_slowed() {
            String valid = app.api.as(app.admin).post("/api/api-key", Map.of("name", "throttle", "group_id", 1)).expect(200)
                    .json().get("unmasked_key").asText();
            Api attacker = from(app.api.anonymous(), "203.0.113.99");
            for (int i = 0; i < FailedKeyThrottle.THRESHOLD; i++) {
                attacker.header("X-API-Key", new ApiKeySecrets().generate().plaintext()).get("/api/user/current").expect(401);
            }
            Api.Response refused = attacker.header("X-API-Key", new ApiKeySecrets().generate().plaintext()).get("/api/user/current").expect(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, (long) FailedKeyThrottle.WINDOW_SECONDS);
            attacker.header("X-API-Key", "not even a key").get("/api/user/current").expect(429);
            // malformed keys are refused for free and do not count: another client sending only those is never throttled
            Api sloppy = from(app.api.anonymous(), "198.51.100.77");
            for (int i = 0; i < 2 * FailedKeyThrottle.THRESHOLD; i++) sloppy.header("X-API-Key", "mb_typo" + i).get("/api/user/current").expect(401);
            Api other = from(app.api.anonymous(), "198.51.100.200");
            other.header("X-API-Key", valid).get("/api/user/current").expect(200);
            other.header("X-API-Key", new ApiKeySecrets().generate().plaintext()).get("/api/user/current").expect(401);
            // the throttled client's own sessions are not affected: the throttle is about keys
            from(app.api.as(app.admin), "203.0.113.99").get("/api/user/current").expect(200);
        }
    }

    /** The default: no trusted proxy, so the header is anyone's to forge and is ignored. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutATrustedProxy {
        TestApp app;

        @BeforeAll void start() { app = TestApp.start(); }

        @AfterAll void stop() { app.close(); }

        @Test
        void a_forged_forwarded_for_header_does_not_escape_the_per_client_throttle() {
            for (int i = 0; i < 50; i++) signIn(from(app.api.anonymous(), "10.1.0." + i), "nobody" + i + "@example.net", BAD).expect(401);
            assertThat(signIn(from(app.api.anonymous(), "10.2.0.1"), "someone@example.net", BAD).text()).contains("Too many attempts");
            app.clock.advance(Duration.ofMinutes(61)); // failures older than an hour no longer count: the next test starts clean
        }

        @Test
        void the_sign_in_wait_is_capped_and_refused_attempts_do_not_extend_it() {
            String email = "capped@example.com";
            app.api.as(app.admin).post("/api/user", Map.of("email", email, "first_name", "C", "last_name", "P",
                    "password", TestApp.PASSWORD)).expect(200);
            for (int i = 0; i < 10; i++) signIn(app.api.anonymous(), email, BAD).expect(401);
            for (int i = 0; i < 40; i++) {
                assertThat(signIn(app.api.anonymous(), email, TestApp.PASSWORD).text()).matches(".*wait 1[45] seconds.*");
            }
            long longest = 0;
            for (int i = 0; i < 30; i++) { // each time the wait is over, fail once more
                app.clock.advance(Duration.ofMillis(LoginThrottle.MAX_WAIT_MS + 1_000));
                signIn(app.api.anonymous(), email, BAD).expect(401);
                String text = signIn(app.api.anonymous(), email, BAD).text();
                longest = Math.max(longest, Long.parseLong(text.replaceAll(".*wait (\\d+) seconds.*", "$1")));
            }
            assertThat(longest).isEqualTo(LoginThrottle.MAX_WAIT_MS / 1000);
            app.clock.advance(Duration.ofMillis(LoginThrottle.MAX_WAIT_MS + 1_000));
            signIn(app.api.anonymous(), email, TestApp.PASSWORD).expect(200);
        }

        @Test
        void wrong_old_passwords_are_throttled_per_person() {
            String email = "changer@example.com";
            long id = app.api.as(app.admin).post("/api/user", Map.of("email", email, "first_name", "C", "last_name", "H",
                    "password", TestApp.PASSWORD)).expect(200).json().get("id").asLong();
            Api me = app.api.withSession(app.login(email, TestApp.PASSWORD));
            Map<String, String> wrong = Map.of("password", "N3w-password-x", "old_password", BAD);
            for (int i = 0; i < 10; i++) me.put("/api/user/" + id + "/password", wrong).expect(400);
            Api.Response refused = me.put("/api/user/" + id + "/password",
                    Map.of("password", "N3w-password-x", "old_password", TestApp.PASSWORD)).expect(429);
            assertThat(refused.json().get("errors").get("old_password").asText()).startsWith("Too many attempts! You must wait");
            assertThat(refused.header("Retry-After")).isNotNull();
            // another person is not affected
            app.api.as(app.member).put("/api/user/" + app.memberId + "/password", wrong).expect(400);
        }
    }
}
