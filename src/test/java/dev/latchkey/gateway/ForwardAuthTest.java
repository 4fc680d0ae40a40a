package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.app.Config;
import dev.latchkey.auth.FailedKeyThrottle;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/auth/verify: forward authentication for proxies in front of other services, over HTTP as a proxy calls it. */
class ForwardAuthTest {
    static TestApp app;

    /** The proxy at 127.0.0.1 is trusted to name the client in X-Forwarded-For, as the README tells operators. */
    @BeforeAll static void start() { app = TestApp.start(c -> c.withProxy(new Config.Proxy("X-Forwarded-For", List.of("127.0.0.1")))); }

    @AfterAll static void stop() { app.close(); }

    static JsonNode create(long groupId) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", groupId))
                .expect(200).json();
    }

    static long group(String name) {
        return app.api.as(app.admin).post("/api/permissions/group", Map.of("name", name)).expect(200).json().get("id").asLong();
    }

    static Api proxy() { return app.api.anonymous().header("X-Forwarded-For", "192.0.2." + (1 + (int) (Math.random() * 250))); }

    @Nested
    class A_valid_key {
        @Test
        void is_answered_200_with_its_user_key_and_group_names_and_no_body() {
            long analysts = group("Analysts " + UUID.randomUUID());
            JsonNode key = create(analysts);
            Api.Response r = proxy().header("X-API-Key", key.get("unmasked_key").asText()).get("/api/auth/verify").expect(200);
            long userId = app.api.withKey(key.get("unmasked_key").asText()).get("/api/user/current").expect(200).json().get("id").asLong();
            assertThat(r.header("X-Latchkey-User-Id")).isEqualTo(Long.toString(userId));
            assertThat(r.header("X-Latchkey-Key-Id")).isEqualTo(key.get("id").asText());
            assertThat(r.header("X-Latchkey-Groups")).isEqualTo("All Users," + key.get("group").get("name").asText());
            assertThat(r.text()).isEmpty();
        }

        @Test
        void is_read_from_authorization_bearer_too() {
            String key = create(1).get("unmasked_key").asText();
            Api.Response r = proxy().header("Authorization", "Bearer " + key).get("/api/auth/verify").expect(200);
            assertThat(r.header("X-Latchkey-Groups")).isEqualTo("All Users");
        }

        @Test
        void passes_with_every_method_a_proxy_forwards_and_with_envoys_appended_path_even_from_another_origin() {
            String key = create(1).get("unmasked_key").asText();
            Api proxy = proxy().header("X-API-Key", key).header("Origin", "https://elsewhere.example");
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
                proxy.send(method, "/api/auth/verify", null).expect(200);
                proxy.send(method, "/api/auth/verify/orders/42?x=1", null).expect(200);
            }
        }

        @Test
        void group_names_with_commas_or_beyond_ascii_are_percent_encoded_and_follow_a_rename_at_once() {
            long group = group("Sales, EU " + UUID.randomUUID());
            String key = create(group).get("unmasked_key").asText();
            String groups = proxy().header("X-API-Key", key).get("/api/auth/verify").expect(200).header("X-Latchkey-Groups");
            assertThat(groups).startsWith("All Users,Sales%2C%20EU%20").doesNotContain(" EU");
            String renamed = "Vertrieb Köln " + UUID.randomUUID();
            app.api.as(app.admin).put("/api/permissions/group/" + group, Map.of("name", renamed)).expect(200);
            groups = proxy().header("X-API-Key", key).get("/api/auth/verify").expect(200).header("X-Latchkey-Groups");
            assertThat(groups).isEqualTo("All Users,Vertrieb%20K%C3%B6ln%20" + renamed.substring("Vertrieb Köln ".length()));
        }

        @Test
        void follows_a_regroup_on_its_very_next_request() {
            JsonNode key = create(1);
            String plain = key.get("unmasked_key").asText();
            assertThat(proxy().header("X-API-Key", plain).get("/api/auth/verify").expect(200).header("X-Latchkey-Groups")).isEqualTo("All Users");
            app.api.as(app.admin).put("/api/api-key/" + key.get("id").asLong(), Map.of("group_id", 2)).expect(200);
            assertThat(proxy().header("X-API-Key", plain).get("/api/auth/verify").expect(200).header("X-Latchkey-Groups"))
                    .isEqualTo("All Users,Administrators");
        }
    }

    @Nested
    class Refused {
        @Test
        void without_a_key_or_with_only_a_session_is_the_plain_401() {
            assertUnauthenticated(proxy().get("/api/auth/verify"));
            assertUnauthenticated(proxy().as(app.admin).get("/api/auth/verify"));
            assertUnauthenticated(proxy().header("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l").get("/api/auth/verify"));
        }

        @Test
        void unknown_malformed_deleted_and_regenerated_keys_get_the_same_401_on_their_very_next_request() {
            JsonNode deleted = create(1);
            JsonNode regenerated = create(1);
            String deletedKey = deleted.get("unmasked_key").asText();
            String oldKey = regenerated.get("unmasked_key").asText();
            proxy().header("X-API-Key", deletedKey).get("/api/auth/verify").expect(200);
            proxy().header("X-API-Key", oldKey).get("/api/auth/verify").expect(200);
            app.api.as(app.admin).delete("/api/api-key/" + deleted.get("id").asLong()).expect(204);
            String newKey = app.api.as(app.admin).put("/api/api-key/" + regenerated.get("id").asLong() + "/regenerate", Map.of())
                    .expect(200).json().get("unmasked_key").asText();
            for (String bad : List.of(deletedKey, oldKey, "lk_nope", "mb_AAAAAAAAAAAAAAAA", oldKey.substring(0, 60) + "AAAAAAA")) {
                assertUnauthenticated(proxy().header("X-API-Key", bad).post("/api/auth/verify", null));
            }
            proxy().header("Authorization", "Bearer " + newKey).get("/api/auth/verify").expect(200);
        }

        @Test
        void by_the_failed_key_throttle_per_forwarded_client_with_429_while_other_clients_pass() {
            String good = create(1).get("unmasked_key").asText();
            String client = "198.51.100." + (1 + (int) (Math.random() * 250));
            Api attacker = app.api.anonymous().header("X-Forwarded-For", client);
            String unknown = new dev.latchkey.apikeys.ApiKeySecrets().generate().plaintext();
            for (int i = 0; i < FailedKeyThrottle.THRESHOLD; i++) attacker.header("X-API-Key", unknown).get("/api/auth/verify").expect(401);
            Api.Response refused = attacker.header("X-API-Key", good).get("/api/auth/verify").expect(429);
            assertThat(refused.header("Retry-After")).isNotNull();
            proxy().header("X-API-Key", good).get("/api/auth/verify").expect(200);
            app.clock.advance(Duration.ofSeconds(FailedKeyThrottle.WINDOW_SECONDS + 1));
            attacker.header("X-API-Key", good).get("/api/auth/verify").expect(200);
        }

        static void assertUnauthenticated(Api.Response r) {
            r.expect(401);
            assertThat(r.text()).isEqualTo("Unauthenticated");
            assertThat(r.header("X-Latchkey-User-Id")).isNull();
        }
    }

    @Nested
    class A_restricted_key {
        JsonNode restricted(Map<String, Object> restrictions) {
            return app.api.as(app.admin).post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", 1,
                    "restrictions", restrictions)).expect(200).json();
        }

        @Test
        void read_only_is_checked_against_the_forwarded_method() {
            String key = restricted(Map.of("read_only", true)).get("unmasked_key").asText();
            proxy().header("X-API-Key", key).header("X-Forwarded-Method", "GET").post("/api/auth/verify", null).expect(200);
            Api.Response r = proxy().header("X-API-Key", key).header("X-Forwarded-Method", "POST").get("/api/auth/verify").expect(403);
            assertThat(r.text()).isEqualTo("You don't have permissions to do that.");
            assertThat(r.header("X-Latchkey-User-Id")).isNull();
            proxy().header("X-API-Key", key).send("DELETE", "/api/auth/verify/api/orders/1", null).expect(403);
        }

        @Test
        void allowed_paths_are_checked_against_the_forwarded_uri_without_its_query() {
            String key = restricted(Map.of("allowed_paths", List.of("/api/reports"))).get("unmasked_key").asText();
            proxy().header("X-API-Key", key).header("X-Forwarded-Uri", "/api/reports/7?x=/api/orders").get("/api/auth/verify").expect(200);
            proxy().header("X-API-Key", key).header("X-Original-URI", "/api/reports").get("/api/auth/verify").expect(200);
            proxy().header("X-API-Key", key).get("/api/auth/verify/api/reports/9").expect(200);
            proxy().header("X-API-Key", key).header("X-Forwarded-Uri", "/api/orders?p=/api/reports").get("/api/auth/verify").expect(403);
            proxy().header("X-API-Key", key).get("/api/auth/verify/api/orders").expect(403);
        }

        @Test
        void allowed_ips_are_checked_against_the_forwarded_client_with_the_plain_401() {
            String key = restricted(Map.of("allowed_ips", List.of("198.18.0.0/24"))).get("unmasked_key").asText();
            app.api.anonymous().header("X-Forwarded-For", "198.18.0.7").header("X-API-Key", key).get("/api/auth/verify").expect(200);
            Api.Response r = app.api.anonymous().header("X-Forwarded-For", "198.19.0.7").header("X-API-Key", key).get("/api/auth/verify").expect(401);
            assertThat(r.text()).isEqualTo("Unauthenticated");
        }

        @Test
        void a_rate_limit_answers_ratelimit_headers_and_429_with_retry_after_beyond_it() {
            String key = restricted(Map.of("rate_limit", Map.of("requests", 2, "per_seconds", 3600))).get("unmasked_key").asText();
            Api.Response first = proxy().header("X-API-Key", key).get("/api/auth/verify").expect(200);
            assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
            assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
            proxy().header("X-API-Key", key).get("/api/auth/verify").expect(200);
            Api.Response over = proxy().header("X-API-Key", key).get("/api/auth/verify").expect(429);
            assertThat(over.header("Retry-After")).isNotNull();
            assertThat(over.header("RateLimit-Remaining")).isEqualTo("0");
        }
    }
}
