package dev.latchkey.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.ContentApiTestBase;
import dev.latchkey.core.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.latchkey.content.Content.ADMINISTRATORS;
import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.permissions.PermissionGraphApiTest.change;
import static dev.latchkey.permissions.PermissionGraphApiTest.graph;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: the graph streamed and filtered by group, skip_graph, force, and revision rows that store only the change. */
class PermissionGraphChangesApiTest extends ContentApiTestBase {
    static long revision() { return graph().get("revision").asLong(); }

    static long group(String name) {
        return app.api.as(app.admin).post("/api/permissions/group", Map.of("name", name)).expect(200).json().get("id").asLong();
    }

    @Nested
    class StreamedGraph {
        @Test
        void every_group_has_root_and_every_collection_outside_personal_trees_in_id_order() {
            long top = content.collection("Dense top", null);
            long child = content.collection("Dense child", top);
            long personal = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long inPersonal = app.api.as(app.member).post("/api/collection", Map.of("name", "Mine", "parent_id", personal))
                    .expect(200).json().get("id").asLong();
            long g = group("Dense group");
            JsonNode groups = graph().get("groups");
            for (String id : List.of("1", "2", String.valueOf(g))) {
                JsonNode row = groups.get(id);
                List<String> keys = iterate(row);
                assertThat(keys.get(0)).isEqualTo("root");
                assertThat(keys).contains(String.valueOf(top), String.valueOf(child))
                        .doesNotContain(String.valueOf(personal), String.valueOf(inPersonal));
                List<Long> ids = keys.subList(1, keys.size()).stream().map(Long::parseLong).toList();
                assertThat(ids).isSorted();
            }
            assertThat(groups.get(String.valueOf(g)).get(String.valueOf(child)).asText()).isEqualTo("none");
            assertThat(groups.get("2").get(String.valueOf(child)).asText()).isEqualTo("write");
        }

        @Test
        void group_id_answers_only_those_groups_rows_and_ignores_unknown_ones() {
            long c = content.collection("Filtered", null);
            long g = group("Filtered group");
            content.grant(g, c, "read");
            JsonNode filtered = app.api.as(app.admin).get("/api/collection/graph?group_id=" + g + "&group_id=999999").expect(200).json();
            assertThat(iterate(filtered.get("groups"))).containsExactly(String.valueOf(g));
            assertThat(filtered.get("groups").get(String.valueOf(g))).isEqualTo(graph().get("groups").get(String.valueOf(g)));
            assertThat(filtered.get("revision").asLong()).isEqualTo(revision());
            JsonNode two = app.api.as(app.admin).get("/api/collection/graph?group_id=" + ADMINISTRATORS + "&group_id=" + g).expect(200).json();
            assertThat(iterate(two.get("groups"))).containsExactly(String.valueOf(ADMINISTRATORS), String.valueOf(g));
        }

        @Test
        void a_malformed_group_id_is_a_400_and_members_get_403() {
            app.api.as(app.admin).get("/api/collection/graph?group_id=abc").expect(400);
            app.api.as(app.admin).get("/api/collection/graph?group_id=0").expect(400);
            app.api.as(app.member).get("/api/collection/graph?group_id=1").expect(403);
        }
    }

    @Nested
    class SkipGraph {
        @Test
        void answers_only_the_new_revision() {
            long c = content.collection("Skip graph", null);
            long before = revision();
            JsonNode r = app.api.as(app.admin).put("/api/collection/graph?skip_graph=true", change(before, ALL_USERS, c, "read")).expect(200).json();
            assertThat(iterate(r)).containsExactly("revision");
            assertThat(r.get("revision").asLong()).isEqualTo(before + 1);
            assertThat(content.level(ALL_USERS, c)).isEqualTo("read");
        }

        @Test
        void without_a_change_the_revision_stays_and_a_bad_value_is_a_400() {
            long before = revision();
            JsonNode r = app.api.as(app.admin).put("/api/collection/graph?skip_graph=true", change(before, 999999, "root", "read")).expect(200).json();
            assertThat(r.get("revision").asLong()).isEqualTo(before);
            app.api.as(app.admin).put("/api/collection/graph?skip_graph=yes", change(before, ALL_USERS, "root", "read")).expect(400);
        }
    }

    @Nested
    class Force {
        @Test
        void applies_over_a_stale_revision_as_the_next_revision() {
            long c = content.collection("Forced", null);
            long current = revision();
            JsonNode r = app.api.as(app.admin).put("/api/collection/graph?force=true&skip_graph=true",
                    change(current + 7, ALL_USERS, c, "none")).expect(200).json();
            assertThat(r.get("revision").asLong()).isEqualTo(current + 1);
            assertThat(content.level(ALL_USERS, c)).isEqualTo("none");
        }

        @Test
        void needs_no_revision_but_without_force_a_missing_revision_is_a_400() {
            long c = content.collection("Forced without revision", null);
            Map<String, Object> body = Map.of("groups", Map.of("1", Map.of(String.valueOf(c), "read")));
            app.api.as(app.admin).put("/api/collection/graph", body).expect(400);
            app.api.as(app.admin).put("/api/collection/graph?force=true", body).expect(200);
            assertThat(content.level(ALL_USERS, c)).isEqualTo("read");
        }

        @Test
        void still_refuses_to_take_write_from_administrators() {
            long c = content.collection("Forced admin", null);
            app.api.as(app.admin).put("/api/collection/graph?force=true", change(0, ADMINISTRATORS, c, "none")).expect(400);
        }
    }

    @Nested
    class RevisionRows {
        @Test
        void store_the_changed_cells_before_and_after_not_the_graph() {
            long a = content.collection("Revision a", null);
            long b = content.collection("Revision b", null);
            content.collection("Revision untouched", null);
            long g = group("Revision group");
            content.grant(g, a, "read");
            long before = revision();
            Map<String, Object> cells = new LinkedHashMap<>();
            cells.put(String.valueOf(a), "write");
            cells.put(String.valueOf(b), "read");
            cells.put("root", "none"); // unchanged: not stored
            app.api.as(app.admin).put("/api/collection/graph?skip_graph=true",
                    Map.of("revision", before, "groups", Map.of(String.valueOf(g), cells))).expect(200);
            String[] row = app.app.database().withHandle(h -> h.createQuery(
                    "SELECT before_graph, after_graph FROM collection_permission_graph_revision WHERE id = :id")
                    .bind("id", before + 1).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).one());
            JsonNode beforeDoc = Json.read(row[0]);
            JsonNode afterDoc = Json.read(row[1]);
            assertThat(beforeDoc.get("revision").asLong()).isEqualTo(before);
            assertThat(beforeDoc.get("groups")).isEqualTo(Json.read("{\"" + g + "\": {\"" + a + "\": \"read\", \"" + b + "\": \"none\"}}"));
            assertThat(afterDoc).isEqualTo(Json.read("{\"" + g + "\": {\"" + a + "\": \"write\", \"" + b + "\": \"read\"}}"));
            assertThat(content.level(g, a)).isEqualTo("write");
            assertThat(content.level(g, b)).isEqualTo("read");
        }

        @Test
        void a_many_cell_change_applies_every_cell() {
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) ids.add(content.collection("Many " + i, null));
            long g1 = group("Many one");
            long g2 = group("Many two");
            Map<String, Map<String, String>> groups = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                groups.computeIfAbsent(String.valueOf(g1), k -> new LinkedHashMap<>()).put(String.valueOf(ids.get(i)), i % 2 == 0 ? "read" : "write");
                groups.computeIfAbsent(String.valueOf(g2), k -> new LinkedHashMap<>()).put(String.valueOf(ids.get(i)), i % 3 == 0 ? "none" : "read");
            }
            app.api.as(app.admin).put("/api/collection/graph?skip_graph=true", Map.of("revision", revision(), "groups", groups)).expect(200);
            JsonNode after = app.api.as(app.admin).get("/api/collection/graph?group_id=" + g1 + "&group_id=" + g2).expect(200).json();
            groups.forEach((g, cells) -> cells.forEach((c, level) ->
                    assertThat(after.get("groups").get(g).get(c).asText()).as(g + "/" + c).isEqualTo(level)));
        }
    }

    static List<String> iterate(JsonNode object) {
        List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
