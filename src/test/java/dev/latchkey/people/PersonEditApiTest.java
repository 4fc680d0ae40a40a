package dev.latchkey.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/user and PUT /api/user/:id. */
class PersonEditApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static String email() { return "new." + UUID.randomUUID().toString().substring(0, 8) + "@Example.com"; }

    static int countMatching(String text) {
        return (int) app.api.as(app.admin).get("/api/user?status=all&query=" + text).expect(200).json().get("total").asLong();
    }

    @Nested
    class CreatePerson {
        @Test
        void an_admin_creates_a_person_with_a_lower_cased_email_in_all_users() {
            String email = email();
            JsonNode body = app.api.as(app.admin).post("/api/user", Map.of("email", email, "first_name", "Nina",
                    "last_name", "New", "login_attributes", Map.of("team", "blue"))).expect(200).json();
            assertThat(body.get("email").asText()).isEqualTo(email.toLowerCase());
            assertThat(body.get("common_name").asText()).isEqualTo("Nina New");
            assertThat(body.get("is_superuser").asBoolean()).isFalse();
            assertThat(body.get("is_active").asBoolean()).isTrue();
            assertThat(body.get("user_group_memberships").toString()).isEqualTo("[{\"id\":1}]");
            assertThat(body.get("login_attributes").get("team").asText()).isEqualTo("blue");
            assertThat(body.has("password")).isFalse();
        }

        @Test
        void user_group_memberships_with_administrators_make_an_admin() {
            JsonNode body = app.api.as(app.admin).post("/api/user", Map.of("email", email(),
                    "user_group_memberships", List.of(Map.of("id", 1), Map.of("id", 2, "is_group_manager", false))))
                    .expect(200).json();
            assertThat(body.get("is_superuser").asBoolean()).isTrue();
            assertThat(body.get("common_name").asText()).isEqualTo(body.get("email").asText());
        }

        @Test
        void legacy_group_ids_are_accepted_and_all_users_is_added() {
            long group = PeopleFixtures.newGroup(app);
            JsonNode body = app.api.as(app.admin).post("/api/user", Map.of("email", email(), "group_ids", List.of(group)))
                    .expect(200).json();
            assertThat(body.get("user_group_memberships").toString()).isEqualTo("[{\"id\":1},{\"id\":" + group + "}]");
        }

        @Test
        void memberships_without_all_users_are_refused_and_nobody_is_created() {
            String email = email();
            assertThat(app.api.as(app.admin).post("/api/user", Map.of("email", email,
                    "user_group_memberships", List.of(Map.of("id", 2)))).expect(400).text())
                    .isEqualTo("You cannot add or remove users to/from the 'All Users' group.");
            assertThat(countMatching(email.substring(0, 12).toLowerCase())).isZero();
        }

        @Test
        void an_unknown_group_is_400_and_nobody_is_created() {
            String email = email();
            app.api.as(app.admin).post("/api/user", Map.of("email", email, "group_ids", List.of(999999))).expect(400);
            assertThat(countMatching(email.substring(0, 12).toLowerCase())).isZero();
        }

        @Test
        void an_email_in_use_in_any_letter_case_is_400() {
            JsonNode body = app.api.as(app.admin).post("/api/user", Map.of("email", TestApp.MEMBER_EMAIL.toUpperCase()))
                    .expect(400).json();
            assertThat(body.toString()).isEqualTo("{\"errors\":{\"email\":\"Email address already in use.\"}}");
        }

        @Test
        void parallel_creates_of_one_email_give_one_person_and_clean_400s() throws Exception {
            String email = email();
            var pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(() -> app.api.as(app.admin).post("/api/user", Map.of("email", email)).status());
                }
                List<Integer> statuses = new ArrayList<>();
                for (var f : pool.invokeAll(calls)) statuses.add(f.get());
                assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 400);
            } finally {
                pool.shutdownNow();
            }
            assertThat(countMatching(email.substring(0, 12).toLowerCase())).isEqualTo(1);
        }

        @Test
        void invalid_fields_are_400_with_metabase_messages() {
            assertThat(app.api.as(app.admin).post("/api/user", Map.of("email", "not-an-email")).expect(400).json()
                    .get("errors").get("email").asText()).isEqualTo("value must be a valid email address.");
            app.api.as(app.admin).post("/api/user", Map.of()).expect(400);
            assertThat(app.api.as(app.admin).post("/api/user", Map.of("email", email(), "first_name", " ")).expect(400)
                    .json().get("errors").get("first_name").asText()).isEqualTo("value must be a non-blank string.");
            assertThat(app.api.as(app.admin).post("/api/user", Map.of("email", email(), "password", "short")).expect(400)
                    .json().get("errors").get("password").asText()).isEqualTo("password is too common.");
            app.api.as(app.admin).post("/api/user", Map.of("email", email(), "user_group_memberships", "1")).expect(400);
            app.api.as(app.admin).post("/api/user", Map.of("email", email(), "login_attributes", List.of(1))).expect(400);
            app.api.as(app.admin).post("/api/user", "[1,2]").expect(400);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            app.api.as(ANONYMOUS).post("/api/user", Map.of("email", email())).expect(401);
            app.api.as(app.member).post("/api/user", Map.of("email", email())).expect(403);
        }
    }

    @Nested
    class UpdatePerson {
        @Test
        void an_admin_changes_names_and_email_and_a_present_null_clears_a_name() {
            var p = PeopleFixtures.newPerson(app, "Olga");
            String email = email();
            Map<String, Object> body = new HashMap<>(Map.of("first_name", "Olivia", "email", email));
            body.put("last_name", null);
            JsonNode out = app.api.as(app.admin).put("/api/user/" + p.id(), body).expect(200).json();
            assertThat(out.get("first_name").asText()).isEqualTo("Olivia");
            assertThat(out.get("last_name").isNull()).isTrue();
            assertThat(out.get("common_name").asText()).isEqualTo("Olivia");
            assertThat(out.get("email").asText()).isEqualTo(email.toLowerCase());
            assertThat(out.get("user_group_memberships").toString()).isEqualTo("[{\"id\":1}]");
        }

        @Test
        void a_person_edits_their_own_names_but_not_their_admin_flag() {
            var p = PeopleFixtures.newPerson(app, "Selma");
            JsonNode out = app.api.as(p.signIn()).put("/api/user/" + p.id(), Map.of("last_name", "Self", "is_superuser", true,
                    "locale", "en_US")).expect(200).json();
            assertThat(out.get("last_name").asText()).isEqualTo("Self");
            assertThat(out.get("locale").asText()).isEqualTo("en_US");
            assertThat(out.get("is_superuser").asBoolean()).isFalse();
        }

        @Test
        void a_person_cannot_change_their_own_groups_and_nothing_is_saved() {
            var p = PeopleFixtures.newPerson(app, "Gina");
            var session = p.signIn();
            app.api.as(session).put("/api/user/" + p.id(), Map.of("first_name", "Changed",
                    "user_group_memberships", List.of(Map.of("id", 1), Map.of("id", 2)))).expect(403);
            JsonNode me = app.api.as(session).get("/api/user/" + p.id()).expect(200).json();
            assertThat(me.get("first_name").asText()).isEqualTo("Gina");
            assertThat(me.get("is_superuser").asBoolean()).isFalse();
            app.api.as(session).put("/api/user/" + p.id(), Map.of("user_group_memberships", List.of(Map.of("id", 1))))
                    .expect(200);
        }

        @Test
        void a_person_cannot_edit_someone_else() {
            app.api.as(app.member).put("/api/user/" + app.adminId, Map.of("first_name", "Hacked")).expect(403);
        }

        @Test
        void an_admin_grants_and_revokes_admin_with_is_superuser() {
            var p = PeopleFixtures.newPerson(app, "Paula");
            JsonNode up = app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("is_superuser", true)).expect(200).json();
            assertThat(up.get("is_superuser").asBoolean()).isTrue();
            assertThat(up.get("user_group_memberships").toString()).isEqualTo("[{\"id\":1},{\"id\":2}]");
            JsonNode down = app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("is_superuser", false)).expect(200).json();
            assertThat(down.get("is_superuser").asBoolean()).isFalse();
            assertThat(down.get("user_group_memberships").toString()).isEqualTo("[{\"id\":1}]");
        }

        @Test
        void an_admin_sets_groups_and_they_must_agree_with_is_superuser() {
            var p = PeopleFixtures.newPerson(app, "Greta");
            long group = PeopleFixtures.newGroup(app);
            JsonNode out = app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("user_group_memberships",
                    List.of(Map.of("id", 1), Map.of("id", group)))).expect(200).json();
            assertThat(out.get("user_group_memberships").toString()).isEqualTo("[{\"id\":1},{\"id\":" + group + "}]");
            JsonNode error = app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("is_superuser", true,
                    "user_group_memberships", List.of(Map.of("id", 1)))).expect(400).json();
            assertThat(error.get("errors").get("is_superuser").asText()).isEqualTo(PeopleService.SUPERUSER_MISMATCH);
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("user_group_memberships", List.of(Map.of("id", group))))
                    .expect(400);
        }

        @Test
        void the_last_admin_cannot_drop_their_own_admin_flag() {
            assertThat(app.api.as(app.admin).put("/api/user/" + app.adminId, Map.of("is_superuser", false)).expect(400).text())
                    .isEqualTo("You cannot remove the last member of the 'Admin' group!");
        }

        @Test
        void an_email_of_another_person_is_400() {
            var p = PeopleFixtures.newPerson(app, "Ema");
            assertThat(app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("email", TestApp.ADMIN_EMAIL)).expect(400)
                    .json().get("errors").get("email").asText()).isEqualTo(PeopleService.EMAIL_ASSOCIATED);
        }

        @Test
        void invalid_fields_are_400() {
            var p = PeopleFixtures.newPerson(app, "Ivan");
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("locale", "english!")).expect(400);
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("email", "nope")).expect(400);
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("first_name", "")).expect(400);
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("is_superuser", "yes")).expect(400);
        }

        @Test
        void unknown_or_deactivated_people_are_404_and_no_credentials_is_401() {
            var p = PeopleFixtures.newPerson(app, "Dee");
            app.api.as(app.admin).delete("/api/user/" + p.id()).expect(200);
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("first_name", "X")).expect(404);
            app.api.as(app.admin).put("/api/user/999999", Map.of("first_name", "X")).expect(404);
            app.api.as(ANONYMOUS).put("/api/user/" + app.memberId, Map.of("first_name", "X")).expect(401);
        }
    }
}
