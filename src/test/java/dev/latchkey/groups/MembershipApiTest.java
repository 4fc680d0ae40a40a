package dev.latchkey.groups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class MembershipApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    record Person(long id, String email) {
        boolean isSuperuser() {
            String session = app.login(email, TestApp.PASSWORD);
            return app.api.as(TestApp.session(session)).get("/api/user/current").expect(200).json().get("is_superuser").asBoolean();
        }
    }

    static Person newPerson(String first) {
        String email = first.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        long id = app.api.as(app.admin).post("/api/user", Map.of("email", email, "first_name", first, "last_name", "Tester",
                "password", TestApp.PASSWORD)).expect(200).json().get("id").asLong();
        return new Person(id, email);
    }

    static long newGroup() {
        return app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "g " + UUID.randomUUID()))
                .expect(200).json().get("id").asLong();
    }

    static JsonNode add(long groupId, long userId) {
        return app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", groupId, "user_id", userId))
                .expect(200).json();
    }

    static long membershipId(long groupId, long userId) {
        JsonNode rows = app.api.as(app.admin).get("/api/permissions/membership").expect(200).json().get(Long.toString(userId));
        for (JsonNode r : rows) if (r.get("group_id").asLong() == groupId) return r.get("membership_id").asLong();
        throw new AssertionError("user " + userId + " is not in group " + groupId);
    }

    @Nested
    class ListMemberships {
        @Test
        void memberships_are_a_map_from_user_id_to_their_rows() {
            Person p = newPerson("Mapped");
            long group = newGroup();
            add(group, p.id());
            JsonNode map = app.api.as(app.admin).get("/api/permissions/membership").expect(200).json();
            JsonNode rows = map.get(Long.toString(p.id()));
            assertThat(rows).hasSize(2);
            List<Long> groups = new ArrayList<>();
            rows.forEach(r -> groups.add(r.get("group_id").asLong()));
            assertThat(groups).containsExactly(1L, group);
            assertThat(GroupApiTest.fieldNames(rows.get(0)))
                    .containsExactlyInAnyOrder("membership_id", "group_id", "user_id", "is_group_manager");
            assertThat(map.get(Long.toString(app.adminId))).hasSize(2);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            app.api.as(ANONYMOUS).get("/api/permissions/membership").expect(401);
            app.api.as(app.member).get("/api/permissions/membership").expect(403);
        }
    }

    @Nested
    class AddMembership {
        @Test
        void adding_returns_the_groups_members_including_the_new_one() {
            Person p = newPerson("Added");
            long group = newGroup();
            JsonNode members = add(group, p.id());
            assertThat(members).hasSize(1);
            assertThat(members.get(0).get("user_id").asLong()).isEqualTo(p.id());
            assertThat(members.get(0).get("membership_id").asLong()).isEqualTo(membershipId(group, p.id()));
        }

        @Test
        void adding_twice_keeps_one_membership() {
            Person p = newPerson("Twice");
            long group = newGroup();
            add(group, p.id());
            assertThat(add(group, p.id())).hasSize(1);
        }

        @Test
        void parallel_adds_of_one_membership_all_succeed_and_leave_one_row() throws Exception {
            Person p = newPerson("Racer");
            long group = newGroup();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                List<java.util.concurrent.Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(() -> app.api.as(app.admin).post("/api/permissions/membership",
                            Map.of("group_id", group, "user_id", p.id())).status());
                }
                for (var f : pool.invokeAll(calls)) assertThat(f.get()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            assertThat(app.api.as(app.admin).get("/api/permissions/group/" + group).expect(200).json().get("members")).hasSize(1);
        }

        @Test
        void joining_administrators_makes_a_superuser_and_leaving_undoes_it() {
            Person p = newPerson("Promoted");
            add(2, p.id());
            assertThat(p.isSuperuser()).isTrue();
            app.api.as(app.admin).delete("/api/permissions/membership/" + membershipId(2, p.id())).expect(204);
            assertThat(p.isSuperuser()).isFalse();
        }

        @Test
        void all_users_membership_cannot_be_added_by_hand() {
            Person p = newPerson("Everyone");
            assertThat(app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", 1, "user_id", p.id()))
                    .expect(400).text()).isEqualTo(GroupService.ALL_USERS_MEMBERSHIP);
        }

        @Test
        void group_managers_need_a_paid_token() {
            Person p = newPerson("Manager");
            long group = newGroup();
            assertThat(app.api.as(app.admin).post("/api/permissions/membership",
                    Map.of("group_id", group, "user_id", p.id(), "is_group_manager", true)).expect(402).text())
                    .isEqualTo(MembershipService.GROUP_MANAGER_PAID);
        }

        @Test
        void missing_or_wrongly_typed_ids_are_400() {
            JsonNode body = app.api.as(app.admin).post("/api/permissions/membership", Map.of("user_id", app.memberId))
                    .expect(400).json();
            assertThat(body.get("errors").get("group_id").asText()).isEqualTo("value must be an integer greater than zero.");
            app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", "two", "user_id", 1)).expect(400);
            app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", 3, "user_id", -1)).expect(400);
        }

        @Test
        void an_unknown_group_or_user_is_404() {
            long group = newGroup();
            app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", 999999, "user_id", app.memberId)).expect(404);
            app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", group, "user_id", 999999)).expect(404);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            long group = newGroup();
            app.api.as(ANONYMOUS).post("/api/permissions/membership", Map.of("group_id", group, "user_id", app.memberId)).expect(401);
            app.api.as(app.member).post("/api/permissions/membership", Map.of("group_id", 2, "user_id", app.memberId)).expect(403);
            assertThat(app.api.as(app.admin).get("/api/permissions/group/2").expect(200).json().get("members")).hasSize(1);
        }
    }

    @Nested
    class RemoveMembership {
        @Test
        void removing_a_membership_is_204_and_a_second_time_404() {
            Person p = newPerson("Removed");
            long group = newGroup();
            add(group, p.id());
            long id = membershipId(group, p.id());
            app.api.as(app.admin).delete("/api/permissions/membership/" + id).expect(204);
            assertThat(app.api.as(app.admin).get("/api/permissions/group/" + group).expect(200).json().get("members")).isEmpty();
            assertThat(app.api.as(app.admin).delete("/api/permissions/membership/" + id).expect(404).text()).isEqualTo("Not found.");
        }

        @Test
        void all_users_membership_cannot_be_removed() {
            Person p = newPerson("Stays");
            assertThat(app.api.as(app.admin).delete("/api/permissions/membership/" + membershipId(1, p.id())).expect(400).text())
                    .isEqualTo(GroupService.ALL_USERS_MEMBERSHIP);
        }

        @Test
        void the_last_admin_cannot_be_removed_from_administrators() {
            assertThat(app.api.as(app.admin).delete("/api/permissions/membership/" + membershipId(2, app.adminId))
                    .expect(400).text()).isEqualTo(GroupService.LAST_ADMIN);
            assertThat(app.api.as(app.admin).get("/api/user/current").expect(200).json().get("is_superuser").asBoolean()).isTrue();
        }

        @Test
        void removing_the_last_two_admins_at_once_leaves_one_of_them() throws Exception {
            Person p = newPerson("Coadmin");
            add(2, p.id());
            Api.Caller other = TestApp.session(app.login(p.email(), TestApp.PASSWORD));
            long mine = membershipId(2, app.adminId);
            long theirs = membershipId(2, p.id());
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var a = pool.submit(() -> app.api.as(app.admin).delete("/api/permissions/membership/" + theirs).status());
                var b = pool.submit(() -> app.api.as(other).delete("/api/permissions/membership/" + mine).status());
                // The loser is refused by the last-admin guard (400), or by the role check (403) if it
                // was authenticated after the winner committed; never may both succeed.
                List<Integer> statuses = List.of(a.get(), b.get());
                assertThat(statuses).containsOnlyOnce(204).containsAnyOf(400, 403);
            } finally {
                pool.shutdownNow();
            }
            JsonNode admins = app.api.as(other).get("/api/permissions/group/2").status() == 200
                    ? app.api.as(other).get("/api/permissions/group/2").json().get("members")
                    : app.api.as(app.admin).get("/api/permissions/group/2").expect(200).json().get("members");
            assertThat(admins).hasSize(1);
            if (admins.get(0).get("user_id").asLong() == p.id()) {
                app.api.as(other).post("/api/permissions/membership", Map.of("group_id", 2, "user_id", app.adminId)).expect(200);
                app.api.as(app.admin).delete("/api/permissions/membership/" + membershipId(2, p.id())).expect(204);
            }
        }

        @Test
        void a_bad_id_is_400() {
            app.api.as(app.admin).delete("/api/permissions/membership/x").expect(400);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            long id = membershipId(2, app.adminId);
            app.api.as(ANONYMOUS).delete("/api/permissions/membership/" + id).expect(401);
            app.api.as(app.member).delete("/api/permissions/membership/" + id).expect(403);
        }
    }

    @Nested
    class ClearGroup {
        @Test
        void clearing_a_group_removes_every_member() {
            long group = newGroup();
            add(group, newPerson("Cleared").id());
            add(group, newPerson("Cleared").id());
            app.api.as(app.admin).put("/api/permissions/membership/" + group + "/clear", null).expect(204);
            assertThat(app.api.as(app.admin).get("/api/permissions/group/" + group).expect(200).json().get("members")).isEmpty();
        }

        @Test
        void administrators_and_all_users_cannot_be_cleared() {
            assertThat(app.api.as(app.admin).put("/api/permissions/membership/2/clear", null).expect(400).text())
                    .isEqualTo("Invalid Request.");
            assertThat(app.api.as(app.admin).put("/api/permissions/membership/1/clear", null).expect(400).text())
                    .isEqualTo(GroupService.ALL_USERS_MEMBERSHIP);
            assertThat(app.api.as(app.admin).get("/api/permissions/group/2").expect(200).json().get("members")).hasSize(1);
        }

        @Test
        void an_unknown_group_is_404_and_a_bad_id_is_400() {
            app.api.as(app.admin).put("/api/permissions/membership/999999/clear", null).expect(404);
            app.api.as(app.admin).put("/api/permissions/membership/zero/clear", null).expect(400);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            long group = newGroup();
            app.api.as(ANONYMOUS).put("/api/permissions/membership/" + group + "/clear", null).expect(401);
            app.api.as(app.member).put("/api/permissions/membership/" + group + "/clear", null).expect(403);
        }
    }
}
