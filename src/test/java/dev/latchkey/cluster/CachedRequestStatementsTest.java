package dev.latchkey.cluster;

import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authenticated requests served from cache make no database statement, for a key and for a session, counted by the
 * application's statement counter. On PostgreSQL and MariaDB the requests come after the fallback expiry, so the
 * entries are trusted because the invalidation channel is live, not because they are young. Also writes the
 * statements per request of the main authenticated routes to target/statements-&lt;db&gt;.txt.
 */
class CachedRequestStatementsTest {
    static final int REQUESTS = 50;
    static TestApp app;
    static String key;
    static final Map<String, Double> perRequest = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        app = TestApp.start();
        key = app.api.as(app.admin).post("/api/api-key", Map.of("name", "stats", "group_id", 2)).expect(200)
                .json().get("unmasked_key").asText();
    }

    @AfterAll
    static void stop() throws IOException {
        StringBuilder out = new StringBuilder("database: " + TestDatabase.KIND + "\n");
        perRequest.forEach((route, n) -> out.append(String.format("%-58s %.2f statements/request%n", route, n)));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "statements-" + TestDatabase.KIND + ".txt"), out.toString());
        app.close();
    }

    /** Statements per request once warm (past the fallback expiry where a channel exists). */
    static double measure(String label, Api api, String path) {
        api.get(path).expect(200);
        if (!TestDatabase.KIND.equals("h2")) {
            Cluster.sleep(Invalidations.FALLBACK_TTL_MS + 300);
            assertThat(app.app.invalidations().channelLive()).as("invalidation channel live").isTrue();
        }
        long before = app.app.database().statements().count();
        for (int i = 0; i < REQUESTS; i++) api.get(path).expect(200);
        double n = (app.app.database().statements().count() - before) / (double) REQUESTS;
        perRequest.put(label + " GET " + path, n);
        return n;
    }

    @Test
    void a_cached_request_with_a_key_makes_no_statement() {
        assertThat(measure("key", app.api.withKey(key), "/api/user/current")).isZero();
    }

    @Test
    void a_cached_request_with_a_session_makes_no_statement() {
        assertThat(measure("session", app.api.as(app.member), "/api/user/current")).isZero();
    }

    @Test
    void the_statement_counter_sees_uncached_reads() {
        // the counter itself must be able to fail the two tests above: an admin list reads the database every time
        assertThat(measure("key", app.api.withKey(key), "/api/permissions/group")).isGreaterThan(0);
        measure("session", app.api.as(app.admin), "/api/permissions/group");
        measure("key", app.api.withKey(key), "/api/api-key");
        measure("key", app.api.withKey(key), "/api/collection/root/items");
        measure("session", app.api.as(app.member), "/api/collection/root/items");
    }
}
