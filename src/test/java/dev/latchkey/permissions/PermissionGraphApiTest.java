package dev.latchkey.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.ContentApiTestBase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.latchkey.content.Content.ADMINISTRATORS;
import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class PermissionGraphApiTest extends ContentApiTestBase {
    static JsonNode graph() { return app.api.as(app.admin).get("/api/collection/graph").expect(200).json(); }

    static Map<String, Object> change(long revision, long group, Object collection, String level) {
        return Map.of("revision", revision, "groups", Map.of(String.valueOf(group), Map.of(String.valueOf(collection), level)));
    }

    @Nested
    class Get {
        @Test
        void lists_every_group_with_root_and_administrators_write_everywhere() {
            long c = content.collection("Graph listed", null);
            JsonNode g = graph();
            assertThat(g.get("revision").isIntegralNumber()).isTrue();
            assertThat(g.get("groups").get("2").get("root").asText()).isEqualTo("write");
            assertThat(g.get("groups").get("2").get(String.valueOf(c)).asText()).isEqualTo("write");
            assertThat(g.get("groups").get("1").has("root")).isTrue();
            assertThat(g.get("groups").get("1").get(String.valueOf(c)).asText()).isIn("read", "write", "none");
        }

        @Test
        void a_new_top_level_collection_copies_the_roots_rights() {
            content.grant(ALL_USERS, null, "read");
            long c = content.collection("Copies root", null);
            assertThat(content.level(ALL_USERS, c)).isEqualTo("read");
            content.grant(ALL_USERS, null, "write");
        }

        @Test
        void members_get_403_and_strangers_401() {
            app.api.as(app.member).get("/api/collection/graph").expect(403);
            app.api.as(ANONYMOUS).get("/api/collection/graph").expect(401);
        }
    }

    @Nested
    class Put {
        @Test
        void a_change_bumps_the_revision_and_is_returned() {
            long c = content.collection("Graph put", null);
            long before = graph().get("revision").asLong();
            JsonNode after = app.api.as(app.admin).put("/api/collection/graph", change(before, ALL_USERS, c, "read")).expect(200).json();
            assertThat(after.get("revision").asLong()).isEqualTo(before + 1);
            assertThat(after.get("groups").get("1").get(String.valueOf(c)).asText()).isEqualTo("read");
        }

        @Test
        void sending_the_current_values_changes_nothing_and_keeps_the_revision() {
            long c = content.collection("Graph same", null);
            content.grant(ALL_USERS, c, "read");
            long revision = graph().get("revision").asLong();
            JsonNode after = app.api.as(app.admin).put("/api/collection/graph", change(revision, ALL_USERS, c, "read")).expect(200).json();
            assertThat(after.get("revision").asLong()).isEqualTo(revision);
        }

        @Test
        void a_stale_revision_is_a_409_and_nothing_changes() {
            long c = content.collection("Graph stale", null);
            content.grant(ALL_USERS, c, "read");
            long revision = graph().get("revision").asLong();
            String body = app.api.as(app.admin).put("/api/collection/graph", change(revision - 1, ALL_USERS, c, "none")).expect(409).text();
            assertThat(body).isEqualTo(PermissionService.STALE);
            assertThat(content.level(ALL_USERS, c)).isEqualTo("read");
            assertThat(graph().get("revision").asLong()).isEqualTo(revision);
        }

        @Test
        void the_administrators_group_cannot_lose_write() {
            long c = content.collection("Graph admin", null);
            long revision = graph().get("revision").asLong();
            assertThat(app.api.as(app.admin).put("/api/collection/graph", change(revision, ADMINISTRATORS, c, "read")).expect(400).text())
                    .isEqualTo(PermissionService.ADMIN_GROUP);
            assertThat(content.level(ADMINISTRATORS, c)).isEqualTo("write");
        }

        @Test
        void unknown_groups_and_collections_are_ignored() {
            long revision = graph().get("revision").asLong();
            JsonNode after = app.api.as(app.admin).put("/api/collection/graph", change(revision, 9999, "root", "read")).expect(200).json();
            assertThat(after.get("groups").has("9999")).isFalse();
            after = app.api.as(app.admin).put("/api/collection/graph", change(revision, ALL_USERS, 987654, "read")).expect(200).json();
            assertThat(after.get("groups").get("1").has("987654")).isFalse();
            assertThat(after.get("revision").asLong()).isEqualTo(revision);
        }

        @Test
        void personal_collections_are_not_in_the_graph_and_cannot_be_granted() {
            long personal = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long revision = graph().get("revision").asLong();
            app.api.as(app.admin).put("/api/collection/graph", change(revision, ALL_USERS, personal, "write")).expect(200);
            assertThat(graph().get("groups").get("1").has(String.valueOf(personal))).isFalse();
            long adminPersonal = app.api.as(app.admin).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            app.api.as(app.member).get("/api/collection/" + adminPersonal).expect(403);
        }

        @Test
        void malformed_bodies_are_400s() {
            app.api.as(app.admin).put("/api/collection/graph", Map.of("groups", Map.of())).expect(400);
            app.api.as(app.admin).put("/api/collection/graph", Map.of("revision", 0, "groups", "all")).expect(400);
            long revision = graph().get("revision").asLong();
            app.api.as(app.admin).put("/api/collection/graph", change(revision, ALL_USERS, "root", "admin")).expect(400);
            app.api.as(app.admin).put("/api/collection/graph", change(revision, ALL_USERS, "abc", "read")).expect(400);
        }

        @Test
        void members_get_403_and_strangers_401() {
            app.api.as(app.member).put("/api/collection/graph", change(0, ALL_USERS, "root", "read")).expect(403);
            app.api.as(ANONYMOUS).put("/api/collection/graph", change(0, ALL_USERS, "root", "read")).expect(401);
        }

        @Test
        void twenty_parallel_updates_from_one_revision_have_exactly_one_winner() throws Exception {
            List<Long> collections = new ArrayList<>();
            for (int i = 0; i < 20; i++) collections.add(content.collection("Race " + i, null));
            long revision = graph().get("revision").asLong();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (long c : collections) {
                results.add(pool.submit(() -> {
                    go.await();
                    return app.api.as(app.admin).put("/api/collection/graph", change(revision, ALL_USERS, c, "none")).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) statuses.add(f.get());
            pool.shutdown();
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
            JsonNode after = graph();
            assertThat(after.get("revision").asLong()).isEqualTo(revision + 1);
            long changed = collections.stream().filter(c -> after.get("groups").get("1").get(String.valueOf(c)).asText().equals("none")).count();
            assertThat(changed).isEqualTo(1);
        }
    }
}
