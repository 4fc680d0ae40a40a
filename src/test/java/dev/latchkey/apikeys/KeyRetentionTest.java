package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention sweep ({@link KeyRetention}) on the app's clock: usage rows older than the bound go (never a key's
 * latest, never one GET .../usage can still ask for), and idle rate-limit buckets go only once deleting them changes no
 * answer: a swept key answers exactly as its twin whose bucket was kept.
 */
class KeyRetentionTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    /** The admin, signed in now (the clock moves by years here, past any session's age). */
    static Api admin() { return app.api.as(TestApp.session(app.login(TestApp.ADMIN_EMAIL, TestApp.PASSWORD))); }

    static JsonNode create(Map<String, Object> restrictions) {
        return admin().post("/api/api-key", Map.of("name", "retention " + UUID.randomUUID(), "group_id", 1,
                "restrictions", restrictions)).expect(200).json();
    }

    static Api key(JsonNode k) { return app.api.withKey(k.get("unmasked_key").asText()); }

    static void use(JsonNode... keys) {
        for (JsonNode k : keys) key(k).get("/api/user/current").expect(200);
        app.app.apiKeys().flushUsage();
    }

    static List<Integer> storedDays(JsonNode k) {
        return app.app.database().withHandle(h -> h.createQuery("SELECT day_number FROM api_key_usage WHERE api_key_id = :id ORDER BY day_number")
                .bind("id", k.get("id").asLong()).mapTo(Integer.class).list());
    }

    static int today() { return (int) LocalDate.ofInstant(app.clock.instant(), ZoneOffset.UTC).toEpochDay(); }

    @Test
    void usage_rows_older_than_the_bound_go_but_never_a_keys_latest_row_nor_a_day_the_api_can_still_ask_for() {
        assertThat(KeyRetention.USAGE_DAYS).isGreaterThan(KeyUsage.MAX_DAYS);
        JsonNode a = create(Map.of());
        JsonNode b = create(Map.of());
        use(a, b);                                        // day 0: both
        app.clock.advance(Duration.ofDays(2));
        use(a);                                           // day 2: today - 400 at the end, deleted
        app.clock.advance(Duration.ofDays(1));
        use(a);                                           // day 3: today - 399, the oldest day kept
        app.clock.advance(Duration.ofDays(34));
        use(a);                                           // day 37: today - 365, the oldest day ?days=366 asks for
        app.clock.advance(Duration.ofDays(365));
        use(a);                                           // day 402: today
        String bLastUsed = lastUsed(b);
        int today = today();

        ApiKeyService.Swept swept = app.app.apiKeys().sweep();

        assertThat(swept.usageRows()).isBetween(0, 2); // 2, unless the background sweep ran just before
        assertThat(storedDays(a)).containsExactly(today - 399, today - 365, today);
        assertThat(storedDays(b)).containsExactly(today - 402); // b's only row: its last use
        assertThat(lastUsed(b)).isEqualTo(bLastUsed).isNotEqualTo("null");
        JsonNode year = admin().get("/api/api-key/" + a.get("id").asLong() + "/usage?days=366").expect(200).json();
        assertThat(year.get(0).get("date").asText()).isEqualTo(LocalDate.ofEpochDay(today - 365).toString());
        assertThat(year.get(0).get("requests").asLong()).isEqualTo(1);
        assertThat(year.get(365).get("requests").asLong()).isEqualTo(1);
        assertThat(app.app.apiKeys().sweep().usageRows()).isZero();
    }

    static String lastUsed(JsonNode k) {
        for (JsonNode listed : admin().get("/api/api-key").expect(200).json()) {
            if (listed.get("id").asLong() == k.get("id").asLong()) return listed.get("last_used_at").asText();
        }
        throw new AssertionError("not listed");
    }

    record Answer(int status, String limit, String remaining, String reset, String retryAfter) {
        static Answer of(Api.Response r) {
            return new Answer(r.status(), r.header("RateLimit-Limit"), r.header("RateLimit-Remaining"), r.header("RateLimit-Reset"),
                    r.header("Retry-After"));
        }
    }

    static Answer ask(JsonNode k) { return Answer.of(key(k).get("/api/user/current")); }

    static boolean shared() { return app.app.apiKeys().rateLimitsShared(); }

    /** The key's rows in the shared bucket table (none on H2, whose buckets are in memory). */
    static long bucketRows(JsonNode k) {
        return app.app.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_key_rate_bucket WHERE id LIKE :prefix")
                .bind("prefix", k.get("id").asLong() + ":%").mapTo(Long.class).one());
    }

    @Test
    void an_idle_rate_limit_bucket_goes_only_once_full_again_and_its_key_answers_as_if_it_had_been_kept() {
        app.clock.freeze();
        try {
            Map<String, Object> limit = Map.of("rate_limit", Map.of("requests", 2, "per_seconds", 60));
            JsonNode swept = create(limit);
            JsonNode kept = create(limit); // created in the same millisecond: the same windows
            for (JsonNode k : List.of(swept, kept)) {
                assertThat(ask(k).status()).isEqualTo(200);
                assertThat(ask(k).status()).isEqualTo(200);
                assertThat(ask(k).status()).isEqualTo(429);
            }
            app.clock.advance(Duration.ofSeconds(30));
            assertThat(app.app.apiKeys().sweep().bucketRows()).isZero(); // not full again yet
            assertThat(bucketRows(swept)).isEqualTo(shared() ? 1 : 0);
            assertThat(ask(swept).status()).isEqualTo(429);

            // full again at 60 s; past the margin at 60 s + 10 min
            app.clock.advance(Duration.ofMillis(30_000 + KeyRetention.BUCKET_MARGIN_MS + 1_000));
            Answer keptFirst = ask(kept); // writes its row: not idle any more
            app.app.apiKeys().sweep();
            assertThat(bucketRows(swept)).isZero();
            assertThat(bucketRows(kept)).isEqualTo(shared() ? 1 : 0);
            assertThat(ask(swept)).isEqualTo(keptFirst);
            assertThat(keptFirst).isEqualTo(new Answer(200, "2", "1", "59", null));
            assertThat(ask(swept)).isEqualTo(ask(kept));
            Answer refused = ask(swept);
            assertThat(refused).isEqualTo(ask(kept));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.retryAfter()).isEqualTo("59");
        } finally {
            app.clock.unfreeze();
        }
    }
}
