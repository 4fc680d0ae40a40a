package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.app.Config;
import dev.latchkey.auth.FailedKeyThrottle;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's nginx snippet (docs/forward-auth/nginx.conf) in Debian's real nginx, with auth_request to this
 * Latchkey in front of a tiny upstream started here: what passes, what reaches the upstream, what is refused.
 */
class NginxForwardAuthTest {
    static TestApp app;
    static HttpServer upstream;
    static Nginx nginx;
    static Api through;
    static final LinkedBlockingQueue<Headers> seen = new LinkedBlockingQueue<>();
    static final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(c -> c.withProxy(new Config.Proxy("X-Forwarded-For", List.of("127.0.0.1"))));
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            calls.incrementAndGet();
            seen.add(exchange.getRequestHeaders());
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("upstream " + exchange.getRequestMethod() + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        nginx = new Nginx(app.app.port(), upstream.getAddress().getPort());
        through = Api.at(nginx.base());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nginx != null) nginx.close();
        } finally {
            if (upstream != null) upstream.stop(0);
            app.close();
        }
    }

    static JsonNode create(long groupId) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", groupId))
                .expect(200).json();
    }

    /** The headers of the upstream's next request (nginx called it), after draining older ones. */
    static Headers upstreamSaw() throws InterruptedException {
        Headers h = seen.poll(10, TimeUnit.SECONDS);
        assertThat(h).as("the upstream got the request").isNotNull();
        return h;
    }

    @Test
    void a_valid_key_passes_and_the_upstream_gets_its_user_key_and_groups_but_never_the_key() throws Exception {
        seen.clear();
        JsonNode key = create(2);
        String plain = key.get("unmasked_key").asText();
        long userId = app.api.withKey(plain).get("/api/user/current").expect(200).json().get("id").asLong();
        Api.Response r = through.anonymous().header("X-API-Key", plain).header("X-Latchkey-User-Id", "1")
                .send("POST", "/orders/42?expand=1", "{\"qty\": 1}").expect(200);
        assertThat(r.text()).isEqualTo("upstream POST /orders/42?expand=1");
        Headers h = upstreamSaw();
        assertThat(h.getFirst("X-Latchkey-User-Id")).isEqualTo(Long.toString(userId));
        assertThat(h.get("X-Latchkey-User-Id")).hasSize(1);
        assertThat(h.getFirst("X-Latchkey-Key-Id")).isEqualTo(key.get("id").asText());
        assertThat(h.getFirst("X-Latchkey-Groups")).isEqualTo("All Users,Administrators");
        assertThat(h.containsKey("X-API-Key")).isFalse();

        through.anonymous().header("Authorization", "Bearer " + plain).get("/reports").expect(200);
        assertThat(upstreamSaw().containsKey("Authorization")).isFalse();
    }

    @Test
    void no_key_a_made_up_key_and_a_revoked_key_on_its_very_next_request_are_401_and_never_reach_the_upstream() {
        JsonNode deleted = create(1);
        JsonNode regenerated = create(1);
        through.anonymous().header("X-API-Key", deleted.get("unmasked_key").asText()).get("/a").expect(200);
        through.anonymous().header("X-API-Key", regenerated.get("unmasked_key").asText()).get("/a").expect(200);
        app.api.as(app.admin).delete("/api/api-key/" + deleted.get("id").asLong()).expect(204);
        app.api.as(app.admin).put("/api/api-key/" + regenerated.get("id").asLong() + "/regenerate", Map.of()).expect(200);
        int before = calls.get();
        through.anonymous().header("X-API-Key", deleted.get("unmasked_key").asText()).get("/a").expect(401);
        through.anonymous().header("X-API-Key", regenerated.get("unmasked_key").asText()).get("/a").expect(401);
        through.anonymous().get("/a").expect(401);
        through.anonymous().header("X-API-Key", "lk_madeup").get("/a").expect(401);
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void a_client_cannot_escape_the_failed_key_throttle_with_its_own_x_forwarded_for() {
        String good = create(1).get("unmasked_key").asText();
        String unknown = new dev.latchkey.apikeys.ApiKeySecrets().generate().plaintext();
        app.clock.advance(Duration.ofSeconds(FailedKeyThrottle.WINDOW_SECONDS + 1)); // earlier tests' failures, same client
        try {
            for (int i = 0; i < FailedKeyThrottle.THRESHOLD; i++) {
                through.anonymous().header("X-Forwarded-For", "192.0.2." + (i + 1)).header("X-API-Key", unknown).get("/a").expect(401);
            }
            Api.Response refused = through.anonymous().header("X-Forwarded-For", "192.0.2.200").header("X-API-Key", good).get("/a").expect(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, (long) FailedKeyThrottle.WINDOW_SECONDS);
        } finally {
            app.clock.advance(Duration.ofSeconds(FailedKeyThrottle.WINDOW_SECONDS + 1));
        }
        through.anonymous().header("X-API-Key", good).get("/a").expect(200);
    }

    static String restricted(Map<String, Object> restrictions) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", 1,
                "restrictions", restrictions)).expect(200).json().get("unmasked_key").asText();
    }

    @Test
    void a_restricted_key_gets_403_outside_its_method_and_paths_and_never_reaches_the_upstream() {
        String readOnly = restricted(Map.of("read_only", true, "allowed_paths", List.of("/api/reports")));
        through.anonymous().header("X-API-Key", readOnly).get("/api/reports/7?x=1").expect(200);
        int before = calls.get();
        through.anonymous().header("X-API-Key", readOnly).send("POST", "/api/reports/7", "{}").expect(403);
        through.anonymous().header("X-API-Key", readOnly).get("/api/orders/1").expect(403);
        through.anonymous().header("X-API-Key", readOnly).get("/api/orders/1?next=/api/reports").expect(403);
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void a_rate_limited_key_passes_its_ratelimit_headers_and_gets_429_with_retry_after_beyond_it() {
        String key = restricted(Map.of("rate_limit", Map.of("requests", 2, "per_seconds", 3600)));
        Api.Response ok = through.anonymous().header("X-API-Key", key).get("/a").expect(200);
        assertThat(ok.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(ok.header("RateLimit-Remaining")).isEqualTo("1");
        through.anonymous().header("X-API-Key", key).get("/a").expect(200);
        Api.Response over = through.anonymous().header("X-API-Key", key).get("/a").expect(429);
        assertThat(Long.parseLong(over.header("Retry-After"))).isPositive();
        assertThat(over.header("RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void the_readme_shows_exactly_the_tested_snippet() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme.contains("```nginx\n" + Files.readString(Nginx.SNIPPET) + "```"))
                .as("README.md has docs/forward-auth/nginx.conf verbatim in an nginx block").isTrue();
    }
}
