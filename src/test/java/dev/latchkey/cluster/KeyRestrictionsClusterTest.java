package dev.latchkey.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 on two instances sharing PostgreSQL or MariaDB: one rate limit per key across both (Bucket4j's shared
 * buckets), and a restriction changed on one instance applies to the key's very next request on the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRestrictionsClusterTest {
    Cluster cluster;

    @BeforeAll void start() {
        Cluster.assumeSharedDatabase();
        cluster = new Cluster(2);
    }

    @AfterAll void stop() { if (cluster != null) cluster.close(); }

    JsonNode key(Map<String, Object> restrictions, long groupId) {
        return cluster.admin(0).post("/api/api-key", Map.of("name", "k " + UUID.randomUUID(), "group_id", groupId,
                "restrictions", restrictions)).expect(200).json();
    }

    Api on(int instance, JsonNode key) { return cluster.get(instance).api.withKey(key.get("unmasked_key").asText()); }

    @Test void the_rate_limit_is_one_per_key_across_instances_under_8_concurrent_clients() throws Exception {
        JsonNode key = key(Map.of("rate_limit", Map.of("requests", 40, "per_seconds", 3600)), 1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                Api api = on(c % 2, key);
                futures.add(pool.submit(() -> {
                    List<Integer> out = new ArrayList<>();
                    for (int i = 0; i < 10; i++) out.add(api.get("/api/user/current").status());
                    return out;
                }));
            }
            Map<Integer, Integer> counts = new HashMap<>();
            for (Future<List<Integer>> f : futures) for (int s : f.get()) counts.merge(s, 1, Integer::sum);
            assertThat(counts).containsEntry(200, 40).containsEntry(429, 40).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(on(1, key).get("/api/user/current").expect(429).header("RateLimit-Remaining")).isEqualTo("0");
    }

    @Test void a_restriction_changed_on_one_instance_applies_to_the_next_request_on_the_other() {
        JsonNode key = key(Map.of(), 2);
        long id = key.get("id").asLong();
        on(1, key).post("/api/permissions/group", Map.of("name", "g " + UUID.randomUUID())).expect(200); // cached on 1
        cluster.admin(0).put("/api/api-key/" + id, Map.of("restrictions", Map.of("read_only", true))).expect(200);
        on(1, key).post("/api/permissions/group", Map.of("name", "g " + UUID.randomUUID())).expect(403);
        cluster.admin(0).put("/api/api-key/" + id, Map.of("restrictions", Map.of("allowed_paths", List.of("/api/collection")))).expect(200);
        on(1, key).get("/api/user/current").expect(403);
        on(1, key).get("/api/collection").expect(200);
    }

    @Test void a_personal_key_stops_on_every_instance_when_its_owner_is_demoted() {
        JsonNode person = cluster.newPerson(0);
        long personId = person.get("id").asLong();
        cluster.admin(0).put("/api/user/" + personId, Map.of("is_superuser", true)).expect(200);
        String session = cluster.login(0, person.get("email").asText());
        JsonNode key = cluster.get(0).api.withSession(session).post("/api/user/current/api-key", Map.of("name", "laptop")).expect(200).json();
        on(1, key).get("/api/api-key").expect(200);
        cluster.admin(0).put("/api/user/" + personId, Map.of("is_superuser", false)).expect(200);
        on(1, key).get("/api/api-key").expect(403);
        cluster.admin(0).delete("/api/user/" + personId).expect(200);
        on(1, key).get("/api/user/current").expect(401);
    }
}
