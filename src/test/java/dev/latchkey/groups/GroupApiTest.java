package dev.latchkey.groups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class GroupApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static long newGroup(String name) {
        return app.api.as(app.admin).post("/api/permissions/group", Map.of("name", name)).expect(200).json().get("id").asLong();
    }

    static long newPerson(String first, String last) {
        String email = first.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        return app.api.as(app.admin).post("/api/user", Map.of("email", email, "first_name", first, "last_name", last,
                "password", TestApp.PASSWORD)).expect(200).json().get("id").asLong();
    }

    static void join(long groupId, long userId) {
        app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", groupId, "user_id", userId)).expect(200);
    }

    static String unique(String prefix) { return prefix + " " + UUID.randomUUID().toString().substring(0, 8); }

    static long memberCount(long groupId) {
        return find(app.api.as(app.admin).get("/api/permissions/group").expect(200).json(), groupId).get("member_count").asLong();
    }

    /** The group's active members as GET /api/permissions/group/:id lists them. */
    static long activeMembers(long groupId) {
        return app.api.as(app.admin).get("/api/permissions/group/" + groupId).expect(200).json().get("members").size();
    }

    @Nested
    class ListGroups {
        @Test
        void a_fresh_instance_has_all_users_as_group_1_and_administrators_as_group_2() {
            JsonNode groups = app.api.as(app.admin).get("/api/permissions/group").expect(200).json();
            assertThat(find(groups, 1).get("name").asText()).isEqualTo("All Users");
            assertThat(find(groups, 2).get("name").asText()).isEqualTo("Administrators");
            assertThat(find(groups, 2).get("member_count").asLong()).isEqualTo(1);
            assertThat(find(groups, 1).get("member_count").asLong()).isGreaterThanOrEqualTo(2);
        }

        @Test
        void groups_are_ordered_by_lower_case_name_with_their_member_counts() {
            long zeta = newGroup(unique("zeta"));
            long alpha = newGroup(unique("Alpha"));
            join(alpha, app.memberId);
            JsonNode groups = app.api.as(app.admin).get("/api/permissions/group/").expect(200).json();
            List<String> names = new ArrayList<>();
            groups.forEach(g -> names.add(g.get("name").asText().toLowerCase()));
            assertThat(names).isSorted();
            assertThat(find(groups, alpha).get("member_count").asLong()).isEqualTo(1);
            assertThat(find(groups, zeta).get("member_count").asLong()).isZero();
            assertThat(fieldNames(find(groups, zeta))).containsExactlyInAnyOrder("id", "name", "member_count");
        }

        @Test
        void member_count_follows_every_way_a_membership_is_made_or_ended() {
            long group = newGroup(unique("Counted"));
            long other = newGroup(unique("Other"));
            long a = newPerson("Count", "A");
            long b = newPerson("Count", "B");
            join(group, a);
            join(group, b);
            assertThat(memberCount(group)).isEqualTo(2).isEqualTo(activeMembers(group));
            // created straight into the group (people's create), then moved out of it by a groups edit
            long c = app.api.as(app.admin).post("/api/user", Map.of("email", unique("c").replace(" ", "") + "@example.com",
                    "first_name", "Count", "last_name", "C", "password", TestApp.PASSWORD,
                    "user_group_memberships", List.of(Map.of("id", 1), Map.of("id", group)))).expect(200).json().get("id").asLong();
            assertThat(memberCount(group)).isEqualTo(3).isEqualTo(activeMembers(group));
            app.api.as(app.admin).put("/api/user/" + c, Map.of("user_group_memberships", List.of(Map.of("id", 1), Map.of("id", other))))
                    .expect(200);
            assertThat(memberCount(group)).isEqualTo(2).isEqualTo(activeMembers(group));
            assertThat(memberCount(other)).isEqualTo(1);
            // deactivated people do not count, and count again when reactivated
            app.api.as(app.admin).delete("/api/user/" + b).expect(200);
            assertThat(memberCount(group)).isEqualTo(1).isEqualTo(activeMembers(group));
            app.api.as(app.admin).put("/api/user/" + b + "/reactivate", Map.of()).expect(200);
            assertThat(memberCount(group)).isEqualTo(2).isEqualTo(activeMembers(group));
            // removed through the membership API
            long membership = app.api.as(app.admin).get("/api/permissions/group/" + group).expect(200).json().get("members")
                    .get(0).get("membership_id").asLong();
            app.api.as(app.admin).delete("/api/permissions/membership/" + membership).expect(204);
            assertThat(memberCount(group)).isEqualTo(1).isEqualTo(activeMembers(group));
            // the built-in groups: All Users has everyone active, Administrators the admins
            JsonNode groups = app.api.as(app.admin).get("/api/permissions/group").expect(200).json();
            assertThat(find(groups, 1).get("member_count").asLong()).isEqualTo(activeMembers(1));
            assertThat(find(groups, 2).get("member_count").asLong()).isEqualTo(activeMembers(2));
        }

        @Test
        void parallel_joins_and_leaves_leave_the_member_count_equal_to_the_members() throws Exception {
            long group = newGroup(unique("Busy"));
            List<Long> people = new ArrayList<>();
            for (int i = 0; i < 6; i++) people.add(newPerson("Busy", "P" + i));
            for (int i = 0; i < 3; i++) join(group, people.get(i));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    long person = people.get(i);
                    boolean leave = i < 3;
                    calls.add(() -> leave
                            ? app.api.as(app.admin).put("/api/user/" + person, Map.of("user_group_memberships", List.of(Map.of("id", 1))))
                                    .status()
                            : app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", group, "user_id", person))
                                    .status());
                    calls.add(() -> app.api.as(app.admin).post("/api/permissions/membership",
                            Map.of("group_id", group, "user_id", person)).status());
                }
                for (Future<Integer> f : pool.invokeAll(calls)) assertThat(f.get()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            assertThat(memberCount(group)).isEqualTo(activeMembers(group));
        }

        @Test
        void limit_and_offset_page_through_the_list() {
            JsonNode all = app.api.as(app.admin).get("/api/permissions/group").expect(200).json();
            JsonNode page = app.api.as(app.admin).get("/api/permissions/group?limit=1&offset=1").expect(200).json();
            assertThat(page).hasSize(1);
            assertThat(page.get(0).get("id")).isEqualTo(all.get(1).get("id"));
        }

        @Test
        void a_bad_limit_is_a_400_naming_it() {
            JsonNode body = app.api.as(app.admin).get("/api/permissions/group?limit=abc").expect(400).json();
            assertThat(body.get("errors").get("limit").asText()).isEqualTo("value must be an integer greater than zero.");
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            assertThat(app.api.as(ANONYMOUS).get("/api/permissions/group").expect(401).text()).isEqualTo("Unauthenticated");
            assertThat(app.api.as(app.member).get("/api/permissions/group").expect(403).text())
                    .isEqualTo("You don't have permissions to do that.");
        }
    }

    @Nested
    class GetGroup {
        @Test
        void a_group_lists_its_active_members_ordered_by_first_then_last_name() {
            long group = newGroup(unique("Readers"));
            long zed = newPerson("zed", "Alpha");
            long amy = newPerson("Amy", "zulu");
            long amyB = newPerson("amy", "Brown");
            join(group, zed);
            join(group, amy);
            join(group, amyB);
            JsonNode body = app.api.as(app.admin).get("/api/permissions/group/" + group).expect(200).json();
            assertThat(fieldNames(body)).containsExactlyInAnyOrder("id", "name", "members");
            List<Long> order = new ArrayList<>();
            body.get("members").forEach(m -> order.add(m.get("user_id").asLong()));
            assertThat(order).containsExactly(amyB, amy, zed);
            JsonNode first = body.get("members").get(0);
            assertThat(fieldNames(first)).containsExactlyInAnyOrder("user_id", "membership_id", "first_name", "last_name",
                    "email", "is_group_manager");
            assertThat(first.get("is_group_manager").asBoolean()).isFalse();
        }

        @Test
        void administrators_lists_the_admin() {
            JsonNode members = app.api.as(app.admin).get("/api/permissions/group/2").expect(200).json().get("members");
            assertThat(members).hasSize(1);
            assertThat(members.get(0).get("email").asText()).isEqualTo(TestApp.ADMIN_EMAIL);
        }

        @Test
        void an_unknown_group_is_404_and_a_non_numeric_id_is_400() {
            assertThat(app.api.as(app.admin).get("/api/permissions/group/999999").expect(404).text()).isEqualTo("Not found.");
            app.api.as(app.admin).get("/api/permissions/group/abc").expect(400);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            app.api.as(ANONYMOUS).get("/api/permissions/group/1").expect(401);
            app.api.as(app.member).get("/api/permissions/group/1").expect(403);
        }
    }

    @Nested
    class CreateGroup {
        @Test
        void an_admin_creates_a_group_and_gets_its_id_and_name() {
            String name = unique("Analysts");
            JsonNode body = app.api.as(app.admin).post("/api/permissions/group", Map.of("name", name)).expect(200).json();
            assertThat(fieldNames(body)).containsExactlyInAnyOrder("id", "name");
            assertThat(body.get("name").asText()).isEqualTo(name);
            app.api.as(app.admin).get("/api/permissions/group/" + body.get("id").asLong()).expect(200);
        }

        @Test
        void a_missing_or_blank_name_is_400_with_metabase_message() {
            for (Object body : List.of(Map.of(), Map.of("name", "  "), Map.of("name", 12))) {
                JsonNode error = app.api.as(app.admin).post("/api/permissions/group", body).expect(400).json();
                assertThat(error.get("errors").get("name").asText()).isEqualTo("value must be a non-blank string.");
            }
            app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "x".repeat(255))).expect(400);
            app.api.as(app.admin).post("/api/permissions/group", "{not json").expect(400);
        }

        @Test
        void a_name_taken_in_any_letter_case_is_400() {
            String name = unique("Finance");
            newGroup(name);
            assertThat(app.api.as(app.admin).post("/api/permissions/group", Map.of("name", name.toUpperCase()))
                    .expect(400).text()).isEqualTo("A group with that name already exists.");
            assertThat(app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "all users"))
                    .expect(400).text()).isEqualTo("A group with that name already exists.");
        }

        @Test
        void parallel_creates_of_one_name_give_exactly_one_group_and_clean_400s() throws Exception {
            String name = unique("Race");
            int n = 8;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Callable<int[]>> calls = new ArrayList<>();
                List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
                for (int i = 0; i < n; i++) {
                    calls.add(() -> {
                        var r = app.api.as(app.admin).post("/api/permissions/group", Map.of("name", name));
                        if (r.status() != 200) texts.add(r.text());
                        return new int[] {r.status()};
                    });
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<int[]> f : pool.invokeAll(calls)) statuses.add(f.get()[0]);
                assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
                assertThat(statuses).filteredOn(s -> s == 400).hasSize(n - 1);
                assertThat(texts).allMatch("A group with that name already exists."::equals);
            } finally {
                pool.shutdownNow();
            }
            JsonNode groups = app.api.as(app.admin).get("/api/permissions/group").expect(200).json();
            int count = 0;
            for (JsonNode g : groups) if (g.get("name").asText().equals(name)) count++;
            assertThat(count).isEqualTo(1);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            app.api.as(ANONYMOUS).post("/api/permissions/group", Map.of("name", unique("x"))).expect(401);
            app.api.as(app.member).post("/api/permissions/group", Map.of("name", unique("x"))).expect(403);
        }
    }

    @Nested
    class RenameGroup {
        @Test
        void an_admin_renames_a_group() {
            long id = newGroup(unique("Old"));
            String name = unique("New");
            JsonNode body = app.api.as(app.admin).put("/api/permissions/group/" + id, Map.of("name", name)).expect(200).json();
            assertThat(body.get("name").asText()).isEqualTo(name);
            assertThat(app.api.as(app.admin).get("/api/permissions/group/" + id).expect(200).json().get("name").asText())
                    .isEqualTo(name);
        }

        @Test
        void a_group_may_change_the_letter_case_of_its_own_name() {
            String name = unique("sales");
            long id = newGroup(name);
            app.api.as(app.admin).put("/api/permissions/group/" + id, Map.of("name", name.toUpperCase())).expect(200);
        }

        @Test
        void another_groups_name_is_400() {
            String taken = unique("Taken");
            newGroup(taken);
            long id = newGroup(unique("Mine"));
            assertThat(app.api.as(app.admin).put("/api/permissions/group/" + id, Map.of("name", taken.toLowerCase()))
                    .expect(400).text()).isEqualTo("A group with that name already exists.");
        }

        @Test
        void the_built_in_groups_cannot_be_renamed() {
            assertThat(app.api.as(app.admin).put("/api/permissions/group/1", Map.of("name", unique("x"))).expect(400).text())
                    .isEqualTo("You cannot edit or delete the 'All Users' permissions group!");
            assertThat(app.api.as(app.admin).put("/api/permissions/group/2", Map.of("name", unique("x"))).expect(400).text())
                    .isEqualTo("You cannot edit or delete the 'Administrators' permissions group!");
        }

        @Test
        void a_blank_name_is_400_and_an_unknown_group_is_404() {
            long id = newGroup(unique("Blank"));
            app.api.as(app.admin).put("/api/permissions/group/" + id, Map.of("name", "")).expect(400);
            app.api.as(app.admin).put("/api/permissions/group/999999", Map.of("name", unique("x"))).expect(404);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            long id = newGroup(unique("Guarded"));
            app.api.as(ANONYMOUS).put("/api/permissions/group/" + id, Map.of("name", unique("x"))).expect(401);
            app.api.as(app.member).put("/api/permissions/group/" + id, Map.of("name", unique("x"))).expect(403);
        }
    }

    @Nested
    class DeleteGroup {
        @Test
        void deleting_a_group_removes_it_and_its_memberships() {
            long id = newGroup(unique("Doomed"));
            long person = newPerson("Dora", "Doomed");
            join(id, person);
            app.api.as(app.admin).delete("/api/permissions/group/" + id).expect(204);
            app.api.as(app.admin).get("/api/permissions/group/" + id).expect(404);
            JsonNode memberships = app.api.as(app.admin).get("/api/permissions/membership").expect(200).json();
            memberships.get(Long.toString(person)).forEach(m -> assertThat(m.get("group_id").asLong()).isNotEqualTo(id));
            String session = app.login(emailOf(person), TestApp.PASSWORD);
            JsonNode me = app.api.as(TestApp.session(session)).get("/api/user/current").expect(200).json();
            assertThat(me.get("group_ids").toString()).isEqualTo("[1]");
        }

        @Test
        void the_built_in_groups_cannot_be_deleted() {
            assertThat(app.api.as(app.admin).delete("/api/permissions/group/1").expect(400).text())
                    .isEqualTo("You cannot edit or delete the 'All Users' permissions group!");
            assertThat(app.api.as(app.admin).delete("/api/permissions/group/2").expect(400).text())
                    .isEqualTo("You cannot edit or delete the 'Administrators' permissions group!");
        }

        @Test
        void an_unknown_group_is_404_and_a_bad_id_is_400() {
            app.api.as(app.admin).delete("/api/permissions/group/999999").expect(404);
            app.api.as(app.admin).delete("/api/permissions/group/-3").expect(400);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            long id = newGroup(unique("Kept"));
            app.api.as(ANONYMOUS).delete("/api/permissions/group/" + id).expect(401);
            app.api.as(app.member).delete("/api/permissions/group/" + id).expect(403);
            app.api.as(app.admin).get("/api/permissions/group/" + id).expect(200);
        }
    }

    static String emailOf(long userId) {
        JsonNode members = app.api.as(app.admin).get("/api/permissions/group/1").expect(200).json().get("members");
        for (JsonNode m : members) if (m.get("user_id").asLong() == userId) return m.get("email").asText();
        throw new AssertionError("no user " + userId);
    }

    static JsonNode find(JsonNode groups, long id) {
        for (JsonNode g : groups) if (g.get("id").asLong() == id) return g;
        throw new AssertionError("no group " + id + " in " + groups);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
