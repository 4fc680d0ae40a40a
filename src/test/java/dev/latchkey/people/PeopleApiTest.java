package dev.latchkey.people;

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

import static dev.latchkey.people.PeopleFixtures.ADMIN_OR_SELF;
import static dev.latchkey.people.PeopleFixtures.fieldNames;
import static dev.latchkey.people.PeopleFixtures.ids;
import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class PeopleApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static PeopleFixtures.Person newPerson(String first) { return PeopleFixtures.newPerson(app, first); }

    static long newGroup() { return PeopleFixtures.newGroup(app); }

    @Nested
    class ListPeople {
        @Test
        void an_admin_lists_active_people_with_metabase_envelope_and_fields() {
            JsonNode page = app.api.as(app.admin).get("/api/user").expect(200).json();
            assertThat(fieldNames(page)).containsExactlyInAnyOrder("data", "total", "limit", "offset");
            assertThat(page.get("limit").isNull()).isTrue();
            assertThat(page.get("offset").isNull()).isTrue();
            assertThat(page.get("total").asLong()).isEqualTo(page.get("data").size());
            JsonNode first = page.get("data").get(0);
            List<String> expected = new ArrayList<>(ADMIN_OR_SELF);
            expected.addAll(List.of("group_ids", "personal_collection_id"));
            assertThat(fieldNames(first)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ids(page.get("data"))).contains(app.adminId, app.memberId);
        }

        @Test
        void people_are_ordered_by_lower_case_first_then_last_name() {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            long b = createNamed("beth", tag);
            long a = createNamed("Adam", tag);
            long c = createNamed("Carl", tag);
            JsonNode page = app.api.as(app.admin).get("/api/user?query=" + tag).expect(200).json();
            assertThat(ids(page.get("data"))).containsExactly(a, b, c);
        }

        long createNamed(String first, String tag) {
            return app.api.as(app.admin).post("/api/user", Map.of("email", first + "." + tag + "@example.com",
                    "first_name", first, "last_name", tag)).expect(200).json().get("id").asLong();
        }

        @Test
        void query_matches_names_and_email_case_insensitively_and_literally() {
            var p = newPerson("Quentin");
            assertThat(ids(app.api.as(app.admin).get("/api/user?query=QUENTIN").expect(200).json().get("data"))).contains(p.id());
            assertThat(ids(app.api.as(app.admin).get("/api/user?query=" + p.tag().toUpperCase()).expect(200).json().get("data")))
                    .containsExactly(p.id());
            assertThat(app.api.as(app.admin).get("/api/user?query=%25").expect(200).json().get("total").asLong()).isZero();
        }

        @Test
        void group_id_lists_only_that_groups_members() {
            var p = newPerson("Grouped");
            long group = newGroup();
            app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", group, "user_id", p.id())).expect(200);
            JsonNode page = app.api.as(app.admin).get("/api/user?group_id=" + group).expect(200).json();
            assertThat(ids(page.get("data"))).containsExactly(p.id());
            assertThat(page.get("data").get(0).get("group_ids").toString()).isEqualTo("[1," + group + "]");
        }

        @Test
        void deactivated_people_show_only_when_asked_for() {
            var p = newPerson("Gone");
            app.api.as(app.admin).delete("/api/user/" + p.id()).expect(200);
            String q = "&query=" + p.tag();
            assertThat(app.api.as(app.admin).get("/api/user?status=active" + q).expect(200).json().get("total").asLong()).isZero();
            assertThat(ids(app.api.as(app.admin).get("/api/user?status=deactivated" + q).expect(200).json().get("data")))
                    .containsExactly(p.id());
            assertThat(ids(app.api.as(app.admin).get("/api/user?status=all" + q).expect(200).json().get("data")))
                    .containsExactly(p.id());
            assertThat(ids(app.api.as(app.admin).get("/api/user?status=active&include_deactivated=true" + q).expect(200)
                    .json().get("data"))).containsExactly(p.id());
        }

        @Test
        void limit_and_offset_page_and_default_each_other() {
            JsonNode all = app.api.as(app.admin).get("/api/user").expect(200).json();
            JsonNode page = app.api.as(app.admin).get("/api/user?limit=1&offset=1").expect(200).json();
            assertThat(page.get("data")).hasSize(1);
            assertThat(page.get("data").get(0).get("id")).isEqualTo(all.get("data").get(1).get("id"));
            assertThat(page.get("total").asLong()).isEqualTo(all.get("total").asLong());
            JsonNode offsetOnly = app.api.as(app.admin).get("/api/user?offset=0").expect(200).json();
            assertThat(offsetOnly.get("limit").asLong()).isEqualTo(50);
            assertThat(offsetOnly.get("offset").asLong()).isZero();
        }

        @Test
        void bad_parameters_are_400() {
            app.api.as(app.admin).get("/api/user?limit=x").expect(400);
            app.api.as(app.admin).get("/api/user?offset=-1").expect(400);
            app.api.as(app.admin).get("/api/user?include_deactivated=maybe").expect(400);
            app.api.as(app.admin).get("/api/user?group_id=0").expect(400);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            app.api.as(ANONYMOUS).get("/api/user").expect(401);
            assertThat(app.api.as(app.member).get("/api/user/").expect(403).text()).isEqualTo("You don't have permissions to do that.");
        }
    }

    @Nested
    class GetPerson {
        @Test
        void an_admin_reads_anyone_with_their_memberships() {
            JsonNode body = app.api.as(app.admin).get("/api/user/" + app.memberId).expect(200).json();
            List<String> expected = new ArrayList<>(ADMIN_OR_SELF);
            expected.add("user_group_memberships");
            assertThat(fieldNames(body)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(body.get("email").asText()).isEqualTo(TestApp.MEMBER_EMAIL);
            assertThat(body.get("user_group_memberships").toString()).isEqualTo("[{\"id\":1}]");
        }

        @Test
        void a_person_reads_themself_but_not_others() {
            app.api.as(app.member).get("/api/user/" + app.memberId).expect(200);
            app.api.as(app.member).get("/api/user/" + app.adminId).expect(403);
            app.api.as(app.member).get("/api/user/999999").expect(403);
        }

        @Test
        void unknown_and_deactivated_people_are_404() {
            var p = newPerson("Hidden");
            app.api.as(app.admin).delete("/api/user/" + p.id()).expect(200);
            assertThat(app.api.as(app.admin).get("/api/user/" + p.id()).expect(404).text()).isEqualTo("Not found.");
            app.api.as(app.admin).get("/api/user/999999").expect(404);
        }

        @Test
        void a_bad_id_is_400_and_no_credentials_is_401() {
            app.api.as(app.admin).get("/api/user/abc").expect(400);
            app.api.as(ANONYMOUS).get("/api/user/" + app.memberId).expect(401);
        }
    }

    @Nested
    class CurrentUser {
        @Test
        void the_caller_sees_themself_with_the_fields_clients_read() {
            JsonNode me = app.api.as(app.member).get("/api/user/current").expect(200).json();
            assertThat(fieldNames(me)).contains("id", "email", "first_name", "last_name", "common_name", "is_superuser",
                    "is_active", "group_ids", "personal_collection_id", "is_installer", "has_invited_second_user",
                    "user_group_memberships", "first_login");
            assertThat(me.get("id").asLong()).isEqualTo(app.memberId);
            assertThat(me.get("is_installer").asBoolean()).isFalse();
            JsonNode admin = app.api.as(app.admin).get("/api/user/current").expect(200).json();
            assertThat(admin.get("is_installer").asBoolean()).isTrue();
            assertThat(admin.get("has_invited_second_user").asBoolean()).isTrue();
        }
    }

    @Nested
    class ApiKeyUsers {
        @Test
        void api_key_users_are_not_people_but_count_as_group_members() {
            long group = newGroup();
            String key = app.api.as(app.admin).post("/api/api-key", Map.of("name", "people-test " + UUID.randomUUID(),
                    "group_id", group)).expect(200).json().get("unmasked_key").asText();
            JsonNode me = app.api.as(TestApp.key(key)).get("/api/user/current").expect(200).json();
            long keyUser = me.get("id").asLong();
            assertThat(me.get("group_ids").toString()).isEqualTo("[1," + group + "]");
            assertThat(ids(app.api.as(app.admin).get("/api/user?status=all").expect(200).json().get("data"))).doesNotContain(keyUser);
            assertThat(ids(app.api.as(app.admin).get("/api/user?group_id=" + group).expect(200).json().get("data"))).isEmpty();
            app.api.as(app.admin).get("/api/user/" + keyUser).expect(404);
            app.api.as(app.admin).put("/api/user/" + keyUser, Map.of("first_name", "x")).expect(404);
            app.api.as(app.admin).delete("/api/user/" + keyUser).expect(404);
            for (JsonNode g : app.api.as(app.admin).get("/api/permissions/group").expect(200).json()) {
                if (g.get("id").asLong() == group) assertThat(g.get("member_count").asLong()).isEqualTo(1);
            }
        }
    }
}
