package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.latchkey.support.TestApp.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 on the wire: expires_at, the lifetime policy, regenerate with a grace window, audit details. The app's
 * clock is frozen and moved by hand, so boundaries are exact and nothing sleeps.
 */
class ApiKeyLifecycleTest {
    static final long ALL_USERS = 1;
    static final String ME = "/api/user/current";
    static TestApp app;
    /** An admin key that never expires: the admin's session would, as the clock moves years ahead. */
    static Api.Caller adminKey;

    @BeforeAll static void start() {
        app = TestApp.start();
        adminKey = key(app.api.as(app.admin).post("/api/api-key", Map.of("name", "admin", "group_id", 2)).expect(200)
                .json().get("unmasked_key").asText());
        app.clock.freeze();
    }

    @AfterAll static void stop() { app.close(); }

    /** Lets the failed-key throttle's window pass, so each test's refused keys are not counted against the next. */
    @BeforeEach void nextMinute() { app.clock.advance(Duration.ofMinutes(2)); }

    static Api admin() { return app.api.as(adminKey); }

    static String iso(long epochMillis) { return Instant.ofEpochMilli(epochMillis).toString(); }

    static JsonNode create(Object expiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "key " + UUID.randomUUID());
        body.put("group_id", ALL_USERS);
        if (expiresAt != null) body.put("expires_at", expiresAt);
        return admin().post("/api/api-key", body).expect(200).json();
    }

    static Api.Caller plain(JsonNode key) { return key(key.get("unmasked_key").asText()); }

    static int status(Api.Caller caller) { return app.api.as(caller).get(ME).status(); }

    static JsonNode listed(long id) {
        for (JsonNode k : admin().get("/api/api-key").expect(200).json()) if (k.get("id").asLong() == id) return k;
        throw new AssertionError("key " + id + " is not listed");
    }

    static JsonNode lastAudit(String topic) {
        return admin().get("/api/audit-log?limit=1&topic=" + topic).expect(200).json().get("data").get(0);
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Expiry {
        @Test void a_key_works_until_the_millisecond_of_its_expiry_and_then_is_refused_as_unknown() {
            long at = app.clock.millis() + 3_600_000;
            JsonNode k = create(iso(at));
            assertThat(Instant.parse(k.get("expires_at").asText()).toEpochMilli()).isEqualTo(at);
            assertThat(status(plain(k))).isEqualTo(200);
            app.clock.advance(Duration.ofMillis(3_600_000 - 1));
            assertThat(status(plain(k))).isEqualTo(200); // the cached entry, one millisecond before
            app.clock.advance(Duration.ofMillis(1));
            Api.Response refused = app.api.as(plain(k)).get(ME).expect(401);
            assertThat(refused.text()).isEqualTo("Unauthenticated");
            assertThat(app.api.as(key("lk_nosuchkeyatall_" + "x".repeat(40))).get(ME).expect(401).text()).isEqualTo(refused.text());
            JsonNode listedKey = listed(k.get("id").asLong());
            assertThat(listedKey.get("expires_at").asText()).isEqualTo(k.get("expires_at").asText());
        }

        @Test void a_key_created_without_expires_at_never_expires_as_in_metabase() {
            JsonNode k = admin().post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", ALL_USERS)).expect(200).json();
            assertThat(k.get("expires_at").isNull()).isTrue();
            assertThat(k.get("last_used_at").isNull()).isTrue();
            assertThat(k.get("previous_key_expires_at").isNull()).isTrue();
            app.clock.advance(Duration.ofDays(3650));
            assertThat(status(plain(k))).isEqualTo(200);
        }

        @Test void a_past_or_present_or_malformed_expiry_is_a_400_and_writes_nothing() {
            long before = admin().get("/api/api-key/count").expect(200).json().asLong();
            Map<String, Object> body = new HashMap<>(Map.of("name", "past " + UUID.randomUUID(), "group_id", ALL_USERS));
            body.put("expires_at", iso(app.clock.millis()));
            assertThat(admin().post("/api/api-key", body).expect(400).json().get("errors").get("expires_at").asText())
                    .isEqualTo("expires_at must be in the future.");
            for (Object bad : new Object[] {"tomorrow", "2030-01-01", 12345, true}) {
                body.put("expires_at", bad);
                assertThat(admin().post("/api/api-key", body).expect(400).json().get("errors").has("expires_at")).isTrue();
            }
            assertThat(admin().get("/api/api-key/count").expect(200).json().asLong()).isEqualTo(before);
        }

        @Test void put_sets_changes_and_clears_the_expiry_and_audits_each_change() {
            JsonNode k = create(null);
            long id = k.get("id").asLong();
            long at = app.clock.millis() + 60_000;
            JsonNode updated = admin().put("/api/api-key/" + id, Map.of("expires_at", iso(at))).expect(200).json();
            assertThat(Instant.parse(updated.get("expires_at").asText()).toEpochMilli()).isEqualTo(at);
            JsonNode audit = lastAudit("api-key-update").get("details");
            assertThat(audit.get("previous").get("expires_at").isNull()).isTrue();
            assertThat(Instant.parse(audit.get("new").get("expires_at").asText()).toEpochMilli()).isEqualTo(at);
            assertThat(status(plain(k))).isEqualTo(200);
            app.clock.advance(Duration.ofMinutes(1));
            assertThat(status(plain(k))).isEqualTo(401);
            // an admin can revive it: never expiring again
            Map<String, Object> never = new HashMap<>();
            never.put("expires_at", null);
            assertThat(admin().put("/api/api-key/" + id, never).expect(200).json().get("expires_at").isNull()).isTrue();
            assertThat(status(plain(k))).isEqualTo(200);
            // a rename without expires_at leaves it as is (Metabase's body)
            assertThat(admin().put("/api/api-key/" + id, Map.of("name", "renamed " + UUID.randomUUID())).expect(200).json()
                    .get("expires_at").isNull()).isTrue();
        }

        @Test void create_audits_the_expiry() {
            long at = app.clock.millis() + 86_400_000;
            create(iso(at));
            JsonNode details = lastAudit("api-key-create").get("details");
            assertThat(Instant.parse(details.get("expires_at").asText()).toEpochMilli()).isEqualTo(at);
        }

        @Test void two_instances_sharing_the_database_both_refuse_at_expires_at() {
            TestApp peer = app.peer();
            try {
                long at = app.clock.millis() + 10_000;
                JsonNode k = create(iso(at));
                assertThat(peer.api.as(plain(k)).get(ME).status()).isEqualTo(200);
                assertThat(status(plain(k))).isEqualTo(200);
                app.clock.advance(Duration.ofMillis(9_999));
                assertThat(peer.api.as(plain(k)).get(ME).status()).isEqualTo(200);
                assertThat(status(plain(k))).isEqualTo(200);
                app.clock.advance(Duration.ofMillis(1));
                assertThat(peer.api.as(plain(k)).get(ME).status()).isEqualTo(401);
                assertThat(status(plain(k))).isEqualTo(401);
            } finally {
                peer.stopPeer();
            }
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Grace {
        static JsonNode regenerate(long id, Object body) {
            return admin().put("/api/api-key/" + id + "/regenerate", body).expect(200).json();
        }

        @Test void during_the_window_old_and_new_work_and_after_it_only_the_new_one() {
            JsonNode k = create(null);
            long id = k.get("id").asLong();
            assertThat(status(plain(k))).isEqualTo(200); // cached before the regenerate
            JsonNode fresh = regenerate(id, Map.of("grace_seconds", 3600));
            assertThat(Instant.parse(fresh.get("previous_key_expires_at").asText()).toEpochMilli()).isEqualTo(app.clock.millis() + 3_600_000);
            assertThat(status(plain(k))).isEqualTo(200);
            assertThat(status(plain(fresh))).isEqualTo(200);
            assertThat(lastAudit("api-key-regenerate").get("details").get("grace_seconds").asLong()).isEqualTo(3600);
            assertThat(listed(id).get("previous_key_expires_at").isNull()).isFalse();
            app.clock.advance(Duration.ofMillis(3_600_000 - 1));
            assertThat(status(plain(k))).isEqualTo(200);
            app.clock.advance(Duration.ofMillis(1));
            assertThat(status(plain(k))).isEqualTo(401);
            assertThat(status(plain(fresh))).isEqualTo(200);
            assertThat(listed(id).get("previous_key_expires_at").isNull()).isTrue();
        }

        @Test void deleting_the_key_during_the_window_ends_both_at_once() {
            JsonNode k = create(null);
            long id = k.get("id").asLong();
            JsonNode fresh = regenerate(id, Map.of("grace_seconds", 604800));
            assertThat(status(plain(k))).isEqualTo(200);
            assertThat(status(plain(fresh))).isEqualTo(200);
            admin().delete("/api/api-key/" + id).expect(204);
            assertThat(status(plain(k))).isEqualTo(401);
            assertThat(status(plain(fresh))).isEqualTo(401);
        }

        @Test void regenerating_again_ends_the_older_window_at_once() {
            JsonNode first = create(null);
            long id = first.get("id").asLong();
            JsonNode second = regenerate(id, Map.of("grace_seconds", 3600));
            assertThat(status(plain(first))).isEqualTo(200);
            JsonNode third = regenerate(id, Map.of("grace_seconds", 60));
            assertThat(status(plain(first))).isEqualTo(401);
            assertThat(status(plain(second))).isEqualTo(200);
            assertThat(status(plain(third))).isEqualTo(200);
            JsonNode fourth = regenerate(id, Map.of());
            assertThat(status(plain(second))).isEqualTo(401);
            assertThat(status(plain(third))).isEqualTo(401);
            assertThat(status(plain(fourth))).isEqualTo(200);
            assertThat(fourth.get("previous_key_expires_at").isNull()).isTrue();
        }

        @Test void a_grace_window_never_outlives_the_keys_own_expiry() {
            long at = app.clock.millis() + 60_000;
            JsonNode k = create(iso(at));
            JsonNode fresh = regenerate(k.get("id").asLong(), Map.of("grace_seconds", 3600));
            app.clock.advance(Duration.ofMinutes(1));
            assertThat(status(plain(k))).isEqualTo(401);
            assertThat(status(plain(fresh))).isEqualTo(401);
        }

        @Test void without_a_body_regenerate_is_metabases_the_old_key_stops_at_once() {
            JsonNode k = create(null);
            assertThat(status(plain(k))).isEqualTo(200);
            JsonNode fresh = admin().put("/api/api-key/" + k.get("id").asLong() + "/regenerate", null).expect(200).json();
            assertThat(status(plain(k))).isEqualTo(401);
            assertThat(status(plain(fresh))).isEqualTo(200);
            assertThat(lastAudit("api-key-regenerate").get("details").has("grace_seconds")).isFalse();
        }

        @Test void grace_seconds_out_of_range_is_a_400() {
            long id = create(null).get("id").asLong();
            for (Object bad : new Object[] {-1, 604801, "3600", 1.5}) {
                JsonNode errors = admin().put("/api/api-key/" + id + "/regenerate", Map.of("grace_seconds", bad)).expect(400).json();
                assertThat(errors.get("errors").has("grace_seconds")).isTrue();
            }
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Policy {
        static final String SETTING = "/api/setting/api-key-max-lifetime-days";

        @AfterEach void reset() {
            Map<String, Object> none = new HashMap<>();
            none.put("value", null);
            admin().put(SETTING, none).expect(204);
        }

        @Test void with_a_maximum_keys_must_expire_within_it_on_create_and_update() {
            JsonNode forever = create(null);
            admin().put(SETTING, Map.of("value", 30)).expect(204);
            Map<String, Object> body = new HashMap<>(Map.of("name", "policy " + UUID.randomUUID(), "group_id", ALL_USERS));
            assertThat(admin().post("/api/api-key", body).expect(400).json().get("errors").get("expires_at").asText()).contains("30 days");
            body.put("expires_at", iso(app.clock.millis() + Duration.ofDays(31).toMillis()));
            assertThat(admin().post("/api/api-key", body).expect(400).json().get("errors").get("expires_at").asText()).contains("30 days");
            body.put("expires_at", iso(app.clock.millis() + Duration.ofDays(30).toMillis()));
            admin().post("/api/api-key", body).expect(200);
            // an existing key is not changed, but it cannot be updated without bringing it within the policy
            long id = forever.get("id").asLong();
            assertThat(listed(id).get("expires_at").isNull()).isTrue();
            admin().put("/api/api-key/" + id, Map.of("name", "renamed " + UUID.randomUUID())).expect(400);
            JsonNode policy = admin().get("/api/api-key/policy").expect(200).json();
            assertThat(policy.get("max_lifetime_days").asLong()).isEqualTo(30);
            long exceeding = policy.get("exceeding").asLong();
            assertThat(exceeding).isGreaterThanOrEqualTo(1);
            admin().put("/api/api-key/" + id, Map.of("expires_at", iso(app.clock.millis() + Duration.ofDays(7).toMillis()))).expect(200);
            assertThat(admin().get("/api/api-key/policy").expect(200).json().get("exceeding").asLong()).isEqualTo(exceeding - 1);
        }

        @Test void without_a_policy_the_endpoint_says_so() {
            JsonNode policy = admin().get("/api/api-key/policy").expect(200).json();
            assertThat(policy.get("max_lifetime_days").isNull()).isTrue();
            assertThat(policy.get("exceeding").asLong()).isZero();
        }

        @Test void the_setting_takes_whole_days_only() {
            admin().put(SETTING, Map.of("value", 0)).expect(400);
            admin().put(SETTING, Map.of("value", "ninety")).expect(400);
        }

        @Test void only_admins_see_the_policy() {
            // a key of All Users: the member's session would have expired, as this class moves the clock years ahead
            Api.Caller memberKey = plain(create(null));
            app.api.as(memberKey).get("/api/api-key/policy").expect(403);
            app.api.as(TestApp.ANONYMOUS).get("/api/api-key/policy").expect(401);
        }
    }
}
