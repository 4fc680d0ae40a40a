package dev.latchkey.content.collections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.content.ContentApiTestBase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.Content.ids;
import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class CollectionApiTest extends ContentApiTestBase {
    @Nested
    class Create {
        @Test
        void an_admin_creates_a_top_level_collection_with_slug_entity_id_and_location() {
            JsonNode c = app.api.as(app.admin).post("/api/collection",
                    Map.of("name", "Stamp Collection", "description", "Stamps", "color", "#509EE3")).expect(200).json();
            assertThat(c.get("slug").asText()).isEqualTo("stamp_collection");
            assertThat(c.get("location").asText()).isEqualTo("/");
            assertThat(c.get("entity_id").asText()).matches("^[A-Za-z0-9_-]{21}$");
            assertThat(c.get("archived").asBoolean()).isFalse();
            assertThat(c.get("personal_owner_id").isNull()).isTrue();
            assertThat(c.get("color").asText()).isEqualTo("#509EE3");
            assertThat(c.get("description").asText()).isEqualTo("Stamps");
            assertThat(c.get("can_write").asBoolean()).isTrue();
            assertThat(c.get("parent_id").isNull()).isTrue();
        }

        @Test
        void a_child_sits_under_its_parent_and_names_it_in_effective_ancestors() {
            long parent = content.collection("Parent", null);
            JsonNode child = app.api.as(app.admin).post("/api/collection", Map.of("name", "Child", "parent_id", parent)).expect(200).json();
            assertThat(child.get("location").asText()).isEqualTo("/" + parent + "/");
            assertThat(child.get("parent_id").asLong()).isEqualTo(parent);
            JsonNode ancestors = child.get("effective_ancestors");
            assertThat(ancestors.get(0).get("id").asText()).isEqualTo("root");
            assertThat(ancestors.get(0).get("metabase.models.collection.root/is-root?").asBoolean()).isTrue();
            assertThat(ancestors.get(1).get("id").asLong()).isEqualTo(parent);
        }

        @Test
        void a_missing_name_is_a_400_with_metabase_body() {
            JsonNode body = app.api.as(app.admin).post("/api/collection", Map.of()).expect(400).json();
            assertThat(body.get("errors").get("name").asText()).isEqualTo("value must be a non-blank string.");
        }

        @Test
        void a_bad_color_or_a_blank_description_is_a_400() {
            app.api.as(app.admin).post("/api/collection", Map.of("name", "x", "color", "blue")).expect(400);
            app.api.as(app.admin).post("/api/collection", Map.of("name", "x", "description", "")).expect(400);
        }

        @Test
        void without_credentials_it_is_a_401() {
            app.api.as(ANONYMOUS).post("/api/collection", Map.of("name", "x")).expect(401);
        }

        @Test
        void a_member_without_write_on_the_parent_gets_a_403_and_nothing_is_created() {
            long parent = content.collection("Read-only parent", null);
            content.grant(ALL_USERS, parent, "read");
            app.api.as(app.member).post("/api/collection", Map.of("name", "Sneaky", "parent_id", parent)).expect(403);
            JsonNode items = app.api.as(app.admin).get("/api/collection").expect(200).json();
            assertThat(Content.names(items)).doesNotContain("Sneaky");
        }

        @Test
        void a_missing_parent_is_a_404() {
            app.api.as(app.admin).post("/api/collection", Map.of("name", "Orphan", "parent_id", 999999)).expect(404);
        }

        @Test
        void a_new_sub_collection_copies_its_parents_permissions() {
            long parent = content.collection("Inherit parent", null);
            content.grant(ALL_USERS, parent, "read");
            long child = content.collection("Inherit child", parent);
            assertThat(content.level(ALL_USERS, child)).isEqualTo("read");
        }

        @Test
        void only_admins_may_mark_a_collection_official() {
            app.api.as(app.member).post("/api/collection", Map.of("name", "Official", "authority_level", "official")).expect(403);
            app.api.as(app.admin).post("/api/collection", Map.of("name", "Official", "authority_level", "official")).expect(200);
        }
    }

    @Nested
    class Read {
        @Test
        void the_list_starts_with_root_and_leaves_out_what_the_member_cannot_read() {
            long open = content.collection("Open list", null);
            long closed = content.collection("Closed list", null);
            content.grant(ALL_USERS, closed, "none");
            JsonNode list = app.api.as(app.member).get("/api/collection").expect(200).json();
            assertThat(list.get(0).get("id").asText()).isEqualTo("root");
            assertThat(ids(list.get(0).isObject() ? list : list)).contains(open).doesNotContain(closed);
            assertThat(ids(app.api.as(app.admin).get("/api/collection").expect(200).json())).contains(open, closed);
        }

        @Test
        void a_member_without_read_gets_403_and_an_unknown_id_is_404_and_a_bad_id_is_400() {
            long closed = content.collection("Closed get", null);
            content.grant(ALL_USERS, closed, "none");
            assertThat(app.api.as(app.member).get("/api/collection/" + closed).expect(403).text())
                    .isEqualTo("You don't have permissions to do that.");
            app.api.as(app.member).get("/api/collection/987654").expect(404);
            app.api.as(app.member).get("/api/collection/abc").expect(400);
            app.api.as(ANONYMOUS).get("/api/collection/" + closed).expect(401);
        }

        @Test
        void root_is_a_pseudo_collection_named_our_analytics() {
            JsonNode root = app.api.as(app.member).get("/api/collection/root").expect(200).json();
            assertThat(root.get("id").asText()).isEqualTo("root");
            assertThat(root.get("name").asText()).isEqualTo("Our analytics");
            assertThat(root.get("effective_ancestors").size()).isZero();
        }

        @Test
        void can_write_follows_the_graph() {
            long c = content.collection("Writable?", null);
            content.grant(ALL_USERS, c, "read");
            assertThat(app.api.as(app.member).get("/api/collection/" + c).expect(200).json().get("can_write").asBoolean()).isFalse();
            content.grant(ALL_USERS, c, "write");
            assertThat(app.api.as(app.member).get("/api/collection/" + c).expect(200).json().get("can_write").asBoolean()).isTrue();
        }

        @Test
        void the_tree_nests_children_and_lifts_a_child_of_an_unreadable_parent() {
            long top = content.collection("Tree top", null);
            long middle = content.collection("Tree middle", top);
            long leaf = content.collection("Tree leaf", middle);
            JsonNode adminTree = app.api.as(app.admin).get("/api/collection/tree").expect(200).json();
            JsonNode node = find(adminTree, top);
            assertThat(node.get("children").get(0).get("id").asLong()).isEqualTo(middle);
            assertThat(node.get("children").get(0).get("children").get(0).get("id").asLong()).isEqualTo(leaf);
            content.grant(ALL_USERS, middle, "none");
            JsonNode memberTree = app.api.as(app.member).get("/api/collection/tree").expect(200).json();
            assertThat(ids(find(memberTree, top).get("children"))).containsExactly(leaf);
        }

        @Test
        void a_bad_boolean_query_parameter_is_a_400() {
            app.api.as(app.admin).get("/api/collection?archived=maybe").expect(400);
        }
    }

    @Nested
    class Update {
        @Test
        void renaming_changes_the_slug_and_keeps_the_entity_id() {
            JsonNode before = app.api.as(app.admin).post("/api/collection", Map.of("name", "Old name")).expect(200).json();
            JsonNode after = app.api.as(app.admin).put("/api/collection/" + before.get("id").asLong(),
                    Map.of("name", "New Name")).expect(200).json();
            assertThat(after.get("slug").asText()).isEqualTo("new_name");
            assertThat(after.get("entity_id").asText()).isEqualTo(before.get("entity_id").asText());
        }

        @Test
        void moving_rewrites_the_locations_of_the_whole_subtree() {
            long a = content.collection("Move A", null);
            long b = content.collection("Move B", a);
            long c = content.collection("Move C", b);
            long target = content.collection("Move target", null);
            app.api.as(app.admin).put("/api/collection/" + b, Map.of("parent_id", target)).expect(200);
            assertThat(location(b)).isEqualTo("/" + target + "/");
            assertThat(location(c)).isEqualTo("/" + target + "/" + b + "/");
            Map<String, Object> toRoot = new HashMap<>();
            toRoot.put("parent_id", null);
            app.api.as(app.admin).put("/api/collection/" + b, toRoot).expect(200);
            assertThat(location(c)).isEqualTo("/" + b + "/");
        }

        @Test
        void two_opposite_moves_at_once_never_make_a_cycle() throws Exception {
            for (int round = 0; round < 5; round++) {
                long a = content.collection("Swap A " + round, null);
                long b = content.collection("Swap B " + round, null);
                var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                var latch = new java.util.concurrent.CountDownLatch(1);
                var first = pool.submit(() -> { latch.await(); return app.api.as(app.admin).put("/api/collection/" + a, Map.of("parent_id", b)).status(); });
                var second = pool.submit(() -> { latch.await(); return app.api.as(app.admin).put("/api/collection/" + b, Map.of("parent_id", a)).status(); });
                latch.countDown();
                java.util.List<Integer> statuses = java.util.List.of(first.get(), second.get());
                pool.shutdown();
                assertThat(statuses).containsExactlyInAnyOrder(200, 400);
                String la = location(a), lb = location(b);
                assertThat(la.equals("/" + b + "/") ^ lb.equals("/" + a + "/")).as(la + " " + lb).isTrue();
                assertThat(la.equals("/") || lb.equals("/")).isTrue();
            }
        }

        @Test
        void moving_into_itself_or_a_descendant_is_a_400() {
            long a = content.collection("Loop A", null);
            long b = content.collection("Loop B", a);
            app.api.as(app.admin).put("/api/collection/" + a, Map.of("parent_id", b)).expect(400);
            app.api.as(app.admin).put("/api/collection/" + a, Map.of("parent_id", a)).expect(400);
            assertThat(location(a)).isEqualTo("/");
        }

        @Test
        void moving_with_write_on_one_side_only_is_a_403_and_nothing_moves() {
            long from = content.collection("Move from", null);
            long moving = content.collection("Moving", from);
            long to = content.collection("Move to", null);
            content.grant(ALL_USERS, from, "write");
            content.grant(ALL_USERS, moving, "write");
            content.grant(ALL_USERS, to, "read");
            app.api.as(app.member).put("/api/collection/" + moving, Map.of("parent_id", to)).expect(403);
            assertThat(location(moving)).isEqualTo("/" + from + "/");
            content.grant(ALL_USERS, to, "write");
            content.grant(ALL_USERS, from, "read");
            app.api.as(app.member).put("/api/collection/" + moving, Map.of("parent_id", to)).expect(403);
            assertThat(location(moving)).isEqualTo("/" + from + "/");
            content.grant(ALL_USERS, from, "write");
            app.api.as(app.member).put("/api/collection/" + moving, Map.of("parent_id", to)).expect(200);
            assertThat(location(moving)).isEqualTo("/" + to + "/");
        }

        @Test
        void a_member_with_read_only_cannot_rename_and_unknown_ids_are_404() {
            long c = content.collection("Read only rename", null);
            content.grant(ALL_USERS, c, "read");
            app.api.as(app.member).put("/api/collection/" + c, Map.of("name", "Mine now")).expect(403);
            app.api.as(app.admin).put("/api/collection/424242", Map.of("name", "x")).expect(404);
            app.api.as(app.admin).put("/api/collection/" + c, Map.of("name", "")).expect(400);
            app.api.as(ANONYMOUS).put("/api/collection/" + c, Map.of("name", "x")).expect(401);
        }

        @Test
        void archiving_and_moving_at_once_is_a_400() {
            long c = content.collection("Archive and move", null);
            long other = content.collection("Elsewhere", null);
            JsonNode body = app.api.as(app.admin).put("/api/collection/" + c, Map.of("archived", true, "parent_id", other)).expect(400).json();
            assertThat(body.get("errors").get("archived").asText()).isEqualTo("You cannot move a Collection and archive it at the same time.");
        }
    }

    @Nested
    class Personal {
        @Test
        void each_person_has_a_personal_collection_named_after_them() {
            JsonNode me = app.api.as(app.member).get("/api/user/current").expect(200).json();
            long personal = me.get("personal_collection_id").asLong();
            JsonNode c = app.api.as(app.member).get("/api/collection/" + personal).expect(200).json();
            assertThat(c.get("name").asText()).isEqualTo("Rasta Toucan's Personal Collection");
            assertThat(c.get("slug").asText()).isEqualTo("rasta_toucan_s_personal_collection");
            assertThat(c.get("personal_owner_id").asLong()).isEqualTo(app.memberId);
            assertThat(c.get("is_personal").asBoolean()).isTrue();
            assertThat(c.get("can_write").asBoolean()).isTrue();
        }

        @Test
        void only_the_owner_and_admins_see_a_personal_collection() {
            long adminPersonal = app.api.as(app.admin).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long memberPersonal = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            app.api.as(app.member).get("/api/collection/" + adminPersonal).expect(403);
            app.api.as(app.admin).get("/api/collection/" + memberPersonal).expect(200);
            assertThat(ids(app.api.as(app.member).get("/api/collection").expect(200).json()))
                    .contains(memberPersonal).doesNotContain(adminPersonal);
            assertThat(ids(app.api.as(app.admin).get("/api/collection?exclude-other-user-collections=true").expect(200).json()))
                    .contains(adminPersonal).doesNotContain(memberPersonal);
        }

        @Test
        void a_personal_collection_cannot_be_archived_or_moved() {
            long personal = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long other = content.collection("Not a home", null);
            JsonNode body = app.api.as(app.member).put("/api/collection/" + personal, Map.of("archived", true)).expect(400).json();
            assertThat(body.get("errors").get("archived").asText()).isEqualTo("You cannot archive a Personal Collection.");
            app.api.as(app.admin).put("/api/collection/" + personal, Map.of("parent_id", other)).expect(400);
        }

        @Test
        void a_child_of_a_personal_collection_is_personal_and_gets_no_group_permissions() {
            long personal = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            JsonNode child = app.api.as(app.member).post("/api/collection", Map.of("name", "My stuff", "parent_id", personal)).expect(200).json();
            assertThat(child.get("is_personal").asBoolean()).isTrue();
            JsonNode graph = app.api.as(app.admin).get("/api/collection/graph").expect(200).json();
            assertThat(graph.get("groups").get("1").has(String.valueOf(personal))).isFalse();
            assertThat(graph.get("groups").get("1").has(child.get("id").asText())).isFalse();
            app.api.as(app.admin).get("/api/collection/" + child.get("id").asLong()).expect(200);
        }
    }

    @Nested
    class OtherPeoplesTrees {
        @Test
        void lists_and_trees_leave_out_other_peoples_nested_collections_unless_an_admin_shows_them() {
            long adminPersonal = app.api.as(app.admin).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long memberPersonal = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long adminNested = app.api.as(app.admin).post("/api/collection", Map.of("name", "Admin's own", "parent_id", adminPersonal))
                    .expect(200).json().get("id").asLong();
            long memberNested = app.api.as(app.member).post("/api/collection", Map.of("name", "Member's own", "parent_id", memberPersonal))
                    .expect(200).json().get("id").asLong();
            assertThat(ids(app.api.as(app.member).get("/api/collection").expect(200).json()))
                    .contains(memberPersonal, memberNested).doesNotContain(adminPersonal, adminNested);
            assertThat(Content.treeIds(app.api.as(app.member).get("/api/collection/tree").expect(200).json()))
                    .contains(memberPersonal, memberNested).doesNotContain(adminPersonal, adminNested);
            assertThat(ids(app.api.as(app.admin).get("/api/collection?exclude-other-user-collections=true").expect(200).json()))
                    .contains(adminPersonal, adminNested).doesNotContain(memberPersonal, memberNested);
            assertThat(Content.treeIds(app.api.as(app.admin).get("/api/collection/tree?exclude-other-user-collections=true").expect(200).json()))
                    .contains(adminPersonal, adminNested).doesNotContain(memberPersonal, memberNested);
            assertThat(ids(app.api.as(app.admin).get("/api/collection").expect(200).json()))
                    .contains(adminPersonal, adminNested, memberPersonal, memberNested);
            assertThat(ids(app.api.as(app.admin).get("/api/collection?personal-only=true").expect(200).json()))
                    .contains(adminPersonal, memberPersonal).doesNotContain(adminNested, memberNested);
            assertThat(ids(app.api.as(app.member).get("/api/collection?personal-only=true").expect(200).json()))
                    .containsExactly(memberPersonal);
        }
    }

    static String location(long id) {
        return app.api.as(app.admin).get("/api/collection/" + id).expect(200).json().get("location").asText();
    }

    static JsonNode find(JsonNode nodes, long id) {
        for (JsonNode n : nodes) if (n.get("id").asLong() == id) return n;
        throw new AssertionError("no node " + id + " in " + nodes);
    }
}
