package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Races on one name and on one key end cleanly: one winner, clean 400s, never a 500 or two live keys. */
class ApiKeyConcurrencyTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    @Test
    void fifty_parallel_creates_of_one_name_give_exactly_one_key_and_forty_nine_clean_400s() throws Exception {
        String name = "race " + UUID.randomUUID();
        long before = count();
        List<Api.Response> responses = all(50, i -> app.api.as(app.admin).post("/api/api-key", Map.of("name", name, "group_id", 1)));
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 400).hasSize(49)
                .allSatisfy(r -> assertThat(r.text()).isEqualTo("{\"errors\":{\"name\":\"An API key with this name already exists.\"}}"));
        assertThat(count()).isEqualTo(before + 1);
        // The losers left no users behind: only the winner's key user exists with that name.
        long users = app.app.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM core_user WHERE first_name = :n")
                .bind("n", name).mapTo(Long.class).one());
        assertThat(users).isEqualTo(1);
    }

    @Test
    void concurrent_regenerates_of_one_key_leave_only_the_last_returned_key_working() throws Exception {
        JsonNode made = app.api.as(app.admin).post("/api/api-key", Map.of("name", "regen " + UUID.randomUUID(), "group_id", 1))
                .expect(200).json();
        long id = made.get("id").asLong();
        String first = made.get("unmasked_key").asText();
        app.api.withKey(first).get("/api/user/current").expect(200);
        // Readers keep the cache busy while the regenerates race.
        List<Api.Response> responses = all(16, i -> i % 2 == 0
                ? app.api.as(app.admin).put("/api/api-key/" + id + "/regenerate", Map.of())
                : app.api.withKey(first).get("/api/user/current"));
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < responses.size(); i += 2) issued.add(responses.get(i).expect(200).json().get("unmasked_key").asText());
        String current = app.api.as(app.admin).get("/api/api-key").json().findValues("masked_key").stream()
                .map(JsonNode::asText).filter(m -> issued.stream().anyMatch(k -> m.equals(ApiKeySecrets.mask(ApiKeySecrets.parse(k).keyId()))))
                .findFirst().orElseThrow();
        List<String> working = new ArrayList<>();
        for (String k : issued) {
            if (app.api.withKey(k).get("/api/user/current").status() == 200) working.add(k);
        }
        assertThat(working).hasSize(1);
        assertThat(ApiKeySecrets.mask(ApiKeySecrets.parse(working.get(0)).keyId())).isEqualTo(current);
        app.api.withKey(first).get("/api/user/current").expect(401);
    }

    interface Call { Api.Response run(int i); }

    /** Starts n calls at the same moment and returns their responses in call order. */
    static List<Api.Response> all(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Api.Response> task = () -> {
                    go.await();
                    return call.run(index);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static long count() { return Long.parseLong(app.api.as(app.admin).get("/api/api-key/count").expect(200).text()); }
}
