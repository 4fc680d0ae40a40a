package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.app.Config;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: restrictions that narrow a key, on the wire. Each restriction with an allowed and a refused request
 * (exact status, body and headers), validation (400 naming the field, nothing written), audit and the very next
 * request, and that no restriction ever widens a key's group. Client addresses come through a trusted proxy's
 * X-Forwarded-For (127.0.0.1 is trusted here), as they do behind nginx.
 */
class KeyRestrictionsApiTest {
    static final long ALL_USERS = 1;
    static final long ADMINISTRATORS = 2;
    static final String FORBIDDEN = "You don't have permissions to do that.";
    static TestApp app;

    @BeforeAll static void start() {
        app = TestApp.start(c -> c.withProxy(new Config.Proxy("X-Forwarded-For", List.of("127.0.0.1"))));
    }

    @AfterAll static void stop() { app.close(); }

    static Api admin() { return app.api.as(app.admin); }

    /** Creates a key with these restrictions and answers the whole response (plaintext in unmasked_key). */
    static JsonNode create(long groupId, Map<String, Object> restrictions) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "key " + UUID.randomUUID());
        body.put("group_id", groupId);
        body.put("restrictions", restrictions);
        return admin().post("/api/api-key", body).expect(200).json();
    }

    static Api key(JsonNode created) { return app.api.withKey(created.get("unmasked_key").asText()); }

    static Api from(JsonNode created, String address) { return key(created).header("X-Forwarded-For", address); }

    static Map<String, Object> newGroup() {
        return Map.of("name", "group " + UUID.randomUUID());
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Validation {
        void refused(Map<String, Object> restrictions, String field) {
            long before = admin().get("/api/api-key/count").expect(200).json().asLong();
            Map<String, Object> body = new HashMap<>();
            body.put("name", "key " + UUID.randomUUID());
            body.put("group_id", ALL_USERS);
            body.put("restrictions", restrictions);
            JsonNode errors = admin().post("/api/api-key", body).expect(400).json().get("errors");
            assertThat(errors.has(field)).as(errors.toString()).isTrue();
            assertThat(admin().get("/api/api-key/count").expect(200).json().asLong()).isEqualTo(before);
        }

        @Test void an_invalid_cidr_is_a_400_naming_allowed_ips() {
            refused(Map.of("allowed_ips", List.of("10.0.0.0/33")), "restrictions.allowed_ips");
            refused(Map.of("allowed_ips", List.of("10.0.0")), "restrictions.allowed_ips");
            refused(Map.of("allowed_ips", List.of("example.com")), "restrictions.allowed_ips");
            refused(Map.of("allowed_ips", List.of("2001:db8::/129")), "restrictions.allowed_ips");
            refused(Map.of("allowed_ips", "10.0.0.1"), "restrictions.allowed_ips");
        }

        @Test void a_path_not_under_api_is_a_400_naming_allowed_paths() {
            refused(Map.of("allowed_paths", List.of("/admin")), "restrictions.allowed_paths");
            refused(Map.of("allowed_paths", List.of("api/card")), "restrictions.allowed_paths");
            refused(Map.of("allowed_paths", List.of("/api")), "restrictions.allowed_paths");
            refused(Map.of("allowed_paths", List.of("/api/card/../user")), "restrictions.allowed_paths");
            refused(Map.of("allowed_paths", List.of(5)), "restrictions.allowed_paths");
        }

        @Test void a_zero_rate_is_a_400_naming_the_rate_field() {
            refused(Map.of("rate_limit", Map.of("requests", 0, "per_seconds", 60)), "restrictions.rate_limit.requests");
            refused(Map.of("rate_limit", Map.of("requests", 10, "per_seconds", 0)), "restrictions.rate_limit.per_seconds");
            refused(Map.of("rate_limit", Map.of("requests", 10)), "restrictions.rate_limit.per_seconds");
            refused(Map.of("rate_limit", 10), "restrictions.rate_limit");
        }

        @Test void other_bad_values_name_their_field_too() {
            refused(Map.of("read_only", "yes"), "restrictions.read_only");
            refused(Map.of("allowed_path", List.of("/api/card")), "restrictions.allowed_path");
            Map<String, Object> body = Map.of("name", "key " + UUID.randomUUID(), "group_id", ALL_USERS, "restrictions", "read_only");
            assertThat(admin().post("/api/api-key", body).expect(400).json().get("errors").has("restrictions")).isTrue();
        }

        @Test void a_refused_update_changes_nothing() {
            JsonNode key = create(ALL_USERS, Map.of("read_only", true));
            long id = key.get("id").asLong();
            admin().put("/api/api-key/" + id, Map.of("name", "renamed " + UUID.randomUUID(),
                    "restrictions", Map.of("allowed_ips", List.of("nope")))).expect(400);
            JsonNode now = listed(id);
            assertThat(now.get("name").asText()).isEqualTo(key.get("name").asText());
            assertThat(now.get("restrictions").get("read_only").asBoolean()).isTrue();
        }
    }

    static JsonNode listed(long id) {
        for (JsonNode k : admin().get("/api/api-key").expect(200).json()) if (k.get("id").asLong() == id) return k;
        throw new AssertionError("key " + id + " not listed");
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Shape {
        @Test void every_key_carries_restrictions_with_metabase_defaults() {
            JsonNode key = admin().post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", ALL_USERS)).expect(200).json();
            assertThat(key.get("restrictions").toString())
                    .isEqualTo("{\"read_only\":false,\"allowed_paths\":[],\"allowed_ips\":[],\"rate_limit\":null}");
            assertThat(listed(key.get("id").asLong()).get("restrictions")).isEqualTo(key.get("restrictions"));
            assertThat(key.has("owner")).isFalse();
        }

        @Test void values_are_kept_in_a_canonical_form() {
            JsonNode key = create(ALL_USERS, Map.of("read_only", true, "allowed_paths", List.of("/api/card/", "/api//collection"),
                    "allowed_ips", List.of("10.1.2.3/16", "2001:DB8:0:0::1", "192.168.0.7"),
                    "rate_limit", Map.of("requests", 5, "per_seconds", 60)));
            assertThat(key.get("restrictions").toString()).isEqualTo("{\"read_only\":true,\"allowed_paths\":[\"/api/card\",\"/api/collection\"],"
                    + "\"allowed_ips\":[\"10.1.0.0/16\",\"2001:db8::1\",\"192.168.0.7\"],\"rate_limit\":{\"requests\":5,\"per_seconds\":60}}");
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ReadOnly {
        @Test void a_read_only_key_reads_but_every_write_is_a_403() {
            JsonNode key = create(ADMINISTRATORS, Map.of("read_only", true));
            key(key).get("/api/user/current").expect(200);
            key(key).send("HEAD", "/api/user/current", null).expect(200);
            assertThat(key(key).post("/api/permissions/group", newGroup()).expect(403).text()).isEqualTo(FORBIDDEN);
            assertThat(key(key).put("/api/api-key/" + key.get("id").asLong(), Map.of("name", "x" + UUID.randomUUID())).expect(403).text()).isEqualTo(FORBIDDEN);
            assertThat(key(key).delete("/api/api-key/" + key.get("id").asLong()).expect(403).text()).isEqualTo(FORBIDDEN);
        }

        @Test void the_same_key_without_read_only_writes() {
            JsonNode key = create(ADMINISTRATORS, Map.of("read_only", false));
            key(key).post("/api/permissions/group", newGroup()).expect(200);
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Paths {
        @Test void requests_outside_the_allowed_prefixes_are_a_403() {
            JsonNode key = create(ADMINISTRATORS, Map.of("allowed_paths", List.of("/api/collection", "/api/permissions/group")));
            key(key).get("/api/collection").expect(200);
            key(key).get("/api/collection/root").expect(200);
            key(key).get("/api/collection/tree").expect(200);
            key(key).post("/api/permissions/group", newGroup()).expect(200);
            assertThat(key(key).get("/api/user/current").expect(403).text()).isEqualTo(FORBIDDEN);
            assertThat(key(key).get("/api/permissions/membership").expect(403).text()).isEqualTo(FORBIDDEN);
            key(key).get("/api/api-key").expect(403);
        }

        @Test void a_path_allow_list_cannot_reach_an_admin_route_its_group_cannot() {
            JsonNode key = create(ALL_USERS, Map.of("allowed_paths", List.of("/api/api-key", "/api/user")));
            assertThat(key(key).get("/api/api-key").expect(403).text()).isEqualTo(FORBIDDEN);
            key(key).post("/api/api-key", Map.of("name", "x" + UUID.randomUUID(), "group_id", ADMINISTRATORS)).expect(403);
            key(key).get("/api/user/current").expect(200);
        }

        @Test void prefixes_match_whole_segments_and_unsafe_paths_never_match() {
            List<String> prefixes = List.of("/api/card");
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/card")).isTrue();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/card/")).isTrue();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/card/5/query")).isTrue();
            assertThat(RestrictedKey.pathAllowed(prefixes, "//api//card/5")).isTrue();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/cards")).isFalse();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/card/../user")).isFalse();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/card/%2e%2e/user")).isFalse();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/card%2F..%2Fuser")).isFalse();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/%63ard/5")).isTrue();
            assertThat(RestrictedKey.pathAllowed(prefixes, "/api/user")).isFalse();
            assertThat(RestrictedKey.pathAllowed(prefixes, "api/card")).isFalse();
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Addresses {
        @Test void a_request_from_outside_the_allowed_blocks_is_unauthenticated() {
            JsonNode key = create(ADMINISTRATORS, Map.of("allowed_ips", List.of("10.1.0.0/16", "2001:db8::/32", "192.0.2.7")));
            from(key, "10.1.200.3").get("/api/user/current").expect(200);
            from(key, "2001:db8:ffff::1").get("/api/user/current").expect(200);
            from(key, "192.0.2.7").get("/api/user/current").expect(200);
            assertThat(from(key, "10.2.0.1").get("/api/user/current").expect(401).text()).isEqualTo("Unauthenticated");
            from(key, "192.0.2.8").get("/api/user/current").expect(401);
            from(key, "2001:db9::1").get("/api/user/current").expect(401);
            assertThat(key(key).get("/api/user/current").expect(401).text()).isEqualTo("Unauthenticated"); // 127.0.0.1 itself
        }

        @Test void a_refused_address_is_not_a_failed_key_attempt() {
            JsonNode key = create(ALL_USERS, Map.of("allowed_ips", List.of("10.9.0.0/16")));
            for (int i = 0; i < 35; i++) from(key, "10.8.0.1").get("/api/user/current").expect(401);
            from(key, "10.9.0.1").get("/api/user/current").expect(200);
            from(key, "10.8.0.1").get("/api/user/current").expect(401); // still 401, not the throttle's 429
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RateLimit {
        @Test void requests_below_the_limit_carry_ratelimit_headers_and_the_next_one_is_a_429() {
            JsonNode key = create(ALL_USERS, Map.of("rate_limit", Map.of("requests", 3, "per_seconds", 3600)));
            for (int remaining = 2; remaining >= 0; remaining--) {
                Api.Response r = key(key).get("/api/user/current").expect(200);
                assertThat(r.header("RateLimit-Limit")).isEqualTo("3");
                assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
                assertThat(Long.parseLong(r.header("RateLimit-Reset"))).isBetween(3590L, 3600L);
                assertThat(r.header("Retry-After")).isNull();
            }
            Api.Response refused = key(key).get("/api/user/current").expect(429);
            assertThat(refused.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3590L, 3600L);
            assertThat(refused.header("RateLimit-Reset")).isEqualTo(refused.header("Retry-After"));
            assertThat(refused.text()).startsWith("Too many requests for this API key.");
        }

        @Test void the_window_refills_after_per_seconds() {
            app.clock.freeze(); // buckets run on the app's clock
            try {
                JsonNode key = create(ALL_USERS, Map.of("rate_limit", Map.of("requests", 2, "per_seconds", 1)));
                key(key).get("/api/user/current").expect(200);
                key(key).get("/api/user/current").expect(200);
                Api.Response refused = key(key).get("/api/user/current").expect(429);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                app.clock.advance(java.time.Duration.ofMillis(999));
                key(key).get("/api/user/current").expect(429);
                app.clock.advance(java.time.Duration.ofMillis(1));
                assertThat(key(key).get("/api/user/current").expect(200).header("RateLimit-Remaining")).isEqualTo("1");
            } finally {
                app.clock.unfreeze();
            }
        }

        @Test void windows_follow_one_another_from_the_keys_creation_so_an_idle_bucket_is_a_new_one() {
            app.clock.freeze();
            try {
                JsonNode key = create(ALL_USERS, Map.of("rate_limit", Map.of("requests", 2, "per_seconds", 60)));
                app.clock.advance(java.time.Duration.ofSeconds(20));
                Api.Response first = key(key).get("/api/user/current").expect(200);
                assertThat(first.header("RateLimit-Reset")).isEqualTo("40");
                key(key).get("/api/user/current").expect(200);
                assertThat(key(key).get("/api/user/current").expect(429).header("Retry-After")).isEqualTo("40");
                app.clock.advance(java.time.Duration.ofSeconds(60 * 5 + 50)); // idle, 10 s into the 7th window
                Api.Response again = key(key).get("/api/user/current").expect(200);
                assertThat(again.header("RateLimit-Remaining")).isEqualTo("1");
                assertThat(again.header("RateLimit-Reset")).isEqualTo("50");
            } finally {
                app.clock.unfreeze();
            }
        }

        @Test void refused_requests_do_not_use_up_the_limit() {
            JsonNode key = create(ALL_USERS, Map.of("read_only", true, "rate_limit", Map.of("requests", 2, "per_seconds", 3600)));
            for (int i = 0; i < 5; i++) key(key).post("/api/permissions/group", newGroup()).expect(403);
            key(key).get("/api/user/current").expect(200);
            key(key).get("/api/user/current").expect(200);
            key(key).get("/api/user/current").expect(429);
        }

        @Test void the_limit_is_exact_under_8_concurrent_clients() throws Exception {
            JsonNode key = create(ALL_USERS, Map.of("rate_limit", Map.of("requests", 50, "per_seconds", 3600)));
            assertThat(concurrentStatuses(8, 10, i -> key(key))).containsEntry(200, 50).containsEntry(429, 30);
        }

        @Test void a_changed_limit_applies_from_the_next_request_with_a_full_bucket() {
            JsonNode key = create(ALL_USERS, Map.of("rate_limit", Map.of("requests", 1, "per_seconds", 3600)));
            key(key).get("/api/user/current").expect(200);
            key(key).get("/api/user/current").expect(429);
            admin().put("/api/api-key/" + key.get("id").asLong(), Map.of("restrictions",
                    Map.of("rate_limit", Map.of("requests", 2, "per_seconds", 3600)))).expect(200);
            assertThat(key(key).get("/api/user/current").expect(200).header("RateLimit-Remaining")).isEqualTo("1");
            admin().put("/api/api-key/" + key.get("id").asLong(), Map.of("restrictions", Map.of())).expect(200);
            assertThat(key(key).get("/api/user/current").expect(200).header("RateLimit-Limit")).isNull();
        }
    }

    /** Runs {@code clients} threads of {@code each} GET /api/user/current; answers status → count. */
    static Map<Integer, Integer> concurrentStatuses(int clients, int each, java.util.function.IntFunction<Api> caller) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Api api = caller.apply(c);
                Callable<List<Integer>> run = () -> {
                    List<Integer> out = new ArrayList<>();
                    for (int i = 0; i < each; i++) out.add(api.get("/api/user/current").status());
                    return out;
                };
                futures.add(pool.submit(run));
            }
            Map<Integer, Integer> counts = new HashMap<>();
            for (Future<List<Integer>> f : futures) for (int s : f.get()) counts.merge(s, 1, Integer::sum);
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Forward authentication (issue 15) applies the same rule to the request the proxy holds. */
    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ForwardAuth {
        Api.Response verify(JsonNode key, String method, String uri, String client) {
            return app.api.anonymous().header("X-API-Key", key.get("unmasked_key").asText()).header("X-Forwarded-Method", method)
                    .header("X-Forwarded-Uri", uri).header("X-Forwarded-For", client).get("/api/auth/verify");
        }

        @Test void the_forwarded_method_path_and_address_meet_the_keys_restrictions() {
            JsonNode key = create(ALL_USERS, Map.of("read_only", true, "allowed_paths", List.of("/api/reports"),
                    "allowed_ips", List.of("10.0.0.0/8")));
            verify(key, "GET", "/api/reports/7?x=1", "10.1.1.1").expect(200);
            assertThat(verify(key, "POST", "/api/reports/7", "10.1.1.1").expect(403).text()).isEqualTo(FORBIDDEN);
            verify(key, "GET", "/api/other", "10.1.1.1").expect(403);
            assertThat(verify(key, "GET", "/api/reports", "192.0.2.1").expect(401).text()).isEqualTo("Unauthenticated");
        }

        @Test void a_rate_limited_key_gets_its_headers_and_429_through_verify_too() {
            JsonNode key = create(ALL_USERS, Map.of("rate_limit", Map.of("requests", 1, "per_seconds", 3600)));
            assertThat(verify(key, "GET", "/anything", "10.1.1.1").expect(200).header("RateLimit-Remaining")).isEqualTo("0");
            Api.Response refused = verify(key, "GET", "/anything", "10.1.1.1").expect(429);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.header("RateLimit-Limit")).isEqualTo("1");
            key(key).get("/api/user/current").expect(429); // one limit for the key, whichever way it is used
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Changes {
        @Test void a_change_is_audited_with_previous_and_new_and_applies_to_the_very_next_request() {
            JsonNode key = create(ADMINISTRATORS, Map.of());
            long id = key.get("id").asLong();
            key(key).post("/api/permissions/group", newGroup()).expect(200);
            admin().put("/api/api-key/" + id, Map.of("restrictions", Map.of("read_only", true))).expect(200);
            key(key).post("/api/permissions/group", newGroup()).expect(403);
            JsonNode event = admin().get("/api/audit-log?topic=api-key-update&model_id=" + id).expect(200).json().get("data").get(0);
            assertThat(event.get("details").get("previous").get("restrictions").get("read_only").asBoolean()).isFalse();
            assertThat(event.get("details").get("new").get("restrictions").get("read_only").asBoolean()).isTrue();
            admin().put("/api/api-key/" + id, Map.of("restrictions", Map.of("allowed_ips", List.of("10.0.0.0/8")))).expect(200);
            key(key).get("/api/user/current").expect(401);
            from(key, "10.3.4.5").post("/api/permissions/group", newGroup()).expect(200);
            admin().put("/api/api-key/" + id, java.util.Collections.singletonMap("restrictions", null)).expect(200);
            key(key).post("/api/permissions/group", newGroup()).expect(200);
        }

        @Test void a_put_without_restrictions_leaves_them_and_records_no_change_of_them() {
            JsonNode key = create(ALL_USERS, Map.of("read_only", true));
            long id = key.get("id").asLong();
            JsonNode updated = admin().put("/api/api-key/" + id, Map.of("name", "renamed " + UUID.randomUUID())).expect(200).json();
            assertThat(updated.get("restrictions").get("read_only").asBoolean()).isTrue();
            JsonNode event = admin().get("/api/audit-log?topic=api-key-update&model_id=" + id).expect(200).json().get("data").get(0);
            assertThat(event.get("details").get("new").has("restrictions")).isFalse();
        }

        @Test void the_creation_is_audited_with_its_restrictions() {
            JsonNode key = create(ALL_USERS, Map.of("read_only", true));
            JsonNode event = admin().get("/api/audit-log?topic=api-key-create&model_id=" + key.get("id").asLong()).expect(200).json().get("data").get(0);
            assertThat(event.get("details").get("restrictions").get("read_only").asBoolean()).isTrue();
        }
    }
}
