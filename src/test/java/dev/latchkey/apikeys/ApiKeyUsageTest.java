package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static dev.latchkey.support.TestApp.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * last_used_at and GET /api/api-key/:id/usage: counted in memory, written in batches within
 * {@value UsageRecorder#FLUSH_SECONDS} s, exact under concurrent clients, surviving a restart.
 */
class ApiKeyUsageTest {
    static final String ME = "/api/user/current";
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static JsonNode create(long groupId) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "usage " + UUID.randomUUID(), "group_id", groupId))
                .expect(200).json();
    }

    static JsonNode usage(TestApp on, long id, int days) {
        return on.api.as(on.admin).get("/api/api-key/" + id + "/usage?days=" + days).expect(200).json();
    }

    /** Stored rows only: what another instance (or this one after a restart) would read. */
    static long storedRequests(TestApp on, long id) {
        return on.app.database().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(requests), 0) FROM api_key_usage WHERE api_key_id = :id")
                .bind("id", id).mapTo(Long.class).one());
    }

    static void await(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + " not within " + bound);
            Thread.sleep(50);
        }
    }

    @Test
    void requests_are_written_within_the_flush_bound_without_a_write_per_request() throws Exception {
        JsonNode k = create(1);
        long id = k.get("id").asLong();
        Api.Caller caller = key(k.get("unmasked_key").asText());
        for (int i = 0; i < 5; i++) app.api.as(caller).get(ME).expect(200);
        // the list shows the use at once (this instance's counts), the table within the bound
        assertThat(app.api.as(app.admin).get("/api/api-key").expect(200).json().findValues("id").stream()
                .anyMatch(n -> n.asLong() == id)).isTrue();
        await("usage written", Duration.ofSeconds(UsageRecorder.FLUSH_SECONDS * 2L + 2), () -> storedRequests(app, id) == 5);
    }

    @Test
    void counts_are_exact_under_eight_concurrent_clients_and_denials_are_counted() throws Exception {
        JsonNode k = create(1); // All Users: admin routes answer 403
        long id = k.get("id").asLong();
        Api.Caller caller = key(k.get("unmasked_key").asText());
        int perClient = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        app.api.as(caller).get(i % 4 == 0 ? "/api/permissions/group" : ME).expect(i % 4 == 0 ? 403 : 200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        long requests = 8L * perClient;
        long denied = 8L * perClient / 4;
        // a denial is counted when the request finishes, just after its answer is sent
        await("every denial counted", Duration.ofSeconds(5), () -> usage(app, id, 1).get(0).get("denied").asLong() == denied);
        JsonNode today = usage(app, id, 1).get(0);
        assertThat(today.get("date").asText()).isEqualTo(LocalDate.ofInstant(app.clock.instant(), ZoneOffset.UTC).toString());
        assertThat(today.get("requests").asLong()).isEqualTo(requests);
        app.app.apiKeys().flushUsage();
        assertThat(storedRequests(app, id)).isEqualTo(requests);
        assertThat(usage(app, id, 1).get(0).get("requests").asLong()).isEqualTo(requests); // not counted twice
    }

    @Test
    void last_used_at_and_daily_usage_survive_a_restart() throws Exception {
        JsonNode k = create(1);
        long id = k.get("id").asLong();
        Api.Caller caller = key(k.get("unmasked_key").asText());
        app.api.as(caller).get(ME).expect(200);
        app.clock.advance(Duration.ofDays(1));
        app.api.as(caller).get(ME).expect(200);
        app.api.as(caller).get(ME).expect(200);
        String lastUsed = lastUsed(app, id);
        assertThat(lastUsed).isNotEqualTo("null");
        TestApp restarted = app.restart(); // a clean stop writes what is left
        app = restarted;
        assertThat(lastUsed(app, id)).isEqualTo(lastUsed);
        JsonNode days = usage(app, id, 30);
        assertThat(days.size()).isEqualTo(30);
        assertThat(days.get(29).get("requests").asLong()).isEqualTo(2);
        assertThat(days.get(28).get("requests").asLong()).isEqualTo(1);
        assertThat(days.get(29).get("date").asText()).isEqualTo(LocalDate.ofInstant(app.clock.instant(), ZoneOffset.UTC).toString());
    }

    static String lastUsed(TestApp on, long id) {
        for (JsonNode k : on.api.as(on.admin).get("/api/api-key").expect(200).json()) {
            if (k.get("id").asLong() == id) return k.get("last_used_at").asText();
        }
        throw new AssertionError("no key " + id);
    }

    @Test
    void a_deleted_keys_usage_goes_with_it_even_if_counted_after() {
        JsonNode k = create(1);
        long id = k.get("id").asLong();
        app.api.as(key(k.get("unmasked_key").asText())).get(ME).expect(200);
        app.app.apiKeys().flushUsage();
        app.api.as(key(k.get("unmasked_key").asText())).get(ME).expect(200);
        app.api.as(app.admin).delete("/api/api-key/" + id).expect(204);
        app.app.apiKeys().flushUsage(); // counted before the delete, written after: skipped, not an error
        assertThat(storedRequests(app, id)).isZero();
        app.api.as(app.admin).get("/api/api-key/" + id + "/usage").expect(404);
    }

    @Test
    void the_usage_endpoint_checks_its_input_and_its_caller() {
        long id = create(1).get("id").asLong();
        assertThat(usage(app, id, 7).size()).isEqualTo(7);
        assertThat(app.api.as(app.admin).get("/api/api-key/" + id + "/usage").expect(200).json().size()).isEqualTo(30);
        for (String bad : List.of("0", "367", "x", "-1")) {
            assertThat(app.api.as(app.admin).get("/api/api-key/" + id + "/usage?days=" + bad).expect(400).json().get("errors").has("days")).isTrue();
        }
        app.api.as(app.admin).get("/api/api-key/999999/usage").expect(404);
        app.api.as(app.member).get("/api/api-key/" + id + "/usage").expect(403);
        app.api.as(TestApp.ANONYMOUS).get("/api/api-key/" + id + "/usage").expect(401);
    }

    /**
     * One pool connection for everything: usage writes and usage reads (the list's last_used_at, /usage) must not wait
     * for each other through the pool. Before, a flush waited for a connection while holding the recorder and a reader
     * held the connection while waiting for the recorder: both stalled until the pool's 2 s timeout and the flush failed.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class On_a_pool_of_one_connection {
        static final int ROUNDS = 60;
        TestApp tiny;

        @BeforeAll void start() { tiny = TestApp.start(); }

        @AfterAll void stop() { tiny.close(); }

        @Test
        void flushes_and_usage_reads_running_together_all_complete_and_the_counts_stay_exact() throws Exception {
            JsonNode k = tiny.api.as(tiny.admin).post("/api/api-key", Map.of("name", "tiny pool", "group_id", 1)).expect(200).json();
            long id = k.get("id").asLong();
            Api.Caller caller = key(k.get("unmasked_key").asText());
            tiny.api.as(caller).get(ME).expect(200); // cached from now on
            tiny.app.apiKeys().flushUsage();
            tiny.app.database().limitPool(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long started = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                done.add(pool.submit(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        tiny.api.as(caller).get(ME).expect(200);
                        tiny.app.apiKeys().flushUsage(); // failed with "Connection is not available" before
                    }
                    return null;
                }));
                for (int r = 0; r < 3; r++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            tiny.api.as(tiny.admin).get("/api/api-key/" + id + "/usage?days=2").expect(200);
                            tiny.api.as(tiny.admin).get("/api/api-key").expect(200);
                        }
                        return null;
                    }));
                }
                assertTimeoutPreemptively(Duration.ofSeconds(90), () -> { for (Future<?> f : done) f.get(); });
            } finally {
                pool.shutdownNow();
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            System.out.println("pool of one: " + ROUNDS + " flushes and " + 6 * ROUNDS + " usage reads in " + seconds + " s");
            tiny.app.apiKeys().flushUsage();
            assertThat(storedRequests(tiny, id)).isEqualTo(ROUNDS + 1);
            assertThat(usage(tiny, id, 1).get(0).get("requests").asLong()).isEqualTo(ROUNDS + 1);
        }
    }
}
