package dev.latchkey.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** PUT /api/user/:id/password, DELETE /api/user/:id and PUT /api/user/:id/reactivate. */
class AccountApiTest {
    static final String NEW_PASSWORD = "An0ther-secret";
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static PeopleFixtures.Person newPerson(String first) { return PeopleFixtures.newPerson(app, first); }

    static Map<String, Object> login(String email, String password) { return Map.of("username", email, "password", password); }

    @Nested
    class ChangePassword {
        @Test
        void a_person_changes_their_password_ending_old_sessions_and_getting_a_new_one() {
            var p = newPerson("Pam");
            var oldSession = p.signIn();
            var response = app.api.as(oldSession).put("/api/user/" + p.id() + "/password",
                    Map.of("password", NEW_PASSWORD, "old_password", TestApp.PASSWORD)).expect(200);
            JsonNode body = response.json();
            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(response.header("Set-Cookie")).startsWith("metabase.SESSION=" + body.get("session_id").asText());
            app.api.as(oldSession).get("/api/user/current").expect(401);
            app.api.as(TestApp.session(body.get("session_id").asText())).get("/api/user/current").expect(200);
            app.api.as(ANONYMOUS).post("/api/session", login(p.email(), TestApp.PASSWORD)).expect(401);
            app.api.as(ANONYMOUS).post("/api/session", login(p.email(), NEW_PASSWORD)).expect(200);
        }

        @Test
        void a_wrong_or_missing_old_password_is_400() {
            var p = newPerson("Otto");
            var session = p.signIn();
            JsonNode body = app.api.as(session).put("/api/user/" + p.id() + "/password",
                    Map.of("password", NEW_PASSWORD, "old_password", "wrong-0ne")).expect(400).json();
            assertThat(body.toString()).isEqualTo("{\"errors\":{\"old_password\":\"Invalid password\"}}");
            app.api.as(session).put("/api/user/" + p.id() + "/password", Map.of("password", NEW_PASSWORD)).expect(400);
            app.api.as(session).get("/api/user/current").expect(200);
        }

        @Test
        void a_weak_password_is_400_with_metabase_message() {
            var p = newPerson("Wes");
            JsonNode body = app.api.as(p.signIn()).put("/api/user/" + p.id() + "/password",
                    Map.of("password", "abc", "old_password", TestApp.PASSWORD)).expect(400).json();
            assertThat(body.get("errors").get("password").asText()).isEqualTo("password is too common.");
        }

        @Test
        void an_admin_sets_someone_elses_password_without_the_old_one_and_ends_their_sessions() {
            var p = newPerson("Ada");
            var session = p.signIn();
            app.api.as(app.admin).put("/api/user/" + p.id() + "/password", Map.of("password", NEW_PASSWORD)).expect(204);
            app.api.as(session).get("/api/user/current").expect(401);
            app.api.as(ANONYMOUS).post("/api/session", login(p.email(), NEW_PASSWORD)).expect(200);
        }

        @Test
        void a_person_cannot_set_someone_elses_password() {
            app.api.as(app.member).put("/api/user/" + app.adminId + "/password",
                    Map.of("password", NEW_PASSWORD, "old_password", TestApp.PASSWORD)).expect(403);
        }

        @Test
        void unknown_people_are_404_and_no_credentials_is_401() {
            app.api.as(app.admin).put("/api/user/999999/password", Map.of("password", NEW_PASSWORD)).expect(404);
            app.api.as(ANONYMOUS).put("/api/user/" + app.memberId + "/password", Map.of("password", NEW_PASSWORD)).expect(401);
        }
    }

    @Nested
    class Deactivate {
        @Test
        void a_deactivated_person_cannot_sign_in_and_leaves_member_counts() {
            var p = newPerson("Dora");
            long group = PeopleFixtures.newGroup(app);
            app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", group, "user_id", p.id())).expect(200);
            var session = p.signIn();
            assertThat(app.api.as(app.admin).delete("/api/user/" + p.id()).expect(200).json().toString())
                    .isEqualTo("{\"success\":true}");
            app.api.as(session).get("/api/user/current").expect(401);
            JsonNode error = app.api.as(ANONYMOUS).post("/api/session", login(p.email(), TestApp.PASSWORD)).expect(401).json();
            assertThat(error.toString()).isEqualTo("{\"errors\":{\"_error\":\"Your account is disabled.\"}}");
            JsonNode detail = app.api.as(app.admin).get("/api/permissions/group/" + group).expect(200).json();
            assertThat(detail.get("members")).isEmpty();
            for (JsonNode g : app.api.as(app.admin).get("/api/permissions/group").expect(200).json()) {
                if (g.get("id").asLong() == group) assertThat(g.get("member_count").asLong()).isZero();
            }
        }

        @Test
        void the_last_active_admin_cannot_be_deactivated() {
            assertThat(app.api.as(app.admin).delete("/api/user/" + app.adminId).expect(400).text())
                    .isEqualTo("You cannot remove the last member of the 'Admin' group!");
            app.api.as(app.admin).get("/api/user/current").expect(200);
        }

        @Test
        void an_admin_can_be_deactivated_while_another_admin_remains() {
            var p = newPerson("Second");
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("is_superuser", true)).expect(200);
            app.api.as(app.admin).delete("/api/user/" + p.id()).expect(200);
            assertThat(app.api.as(app.admin).get("/api/permissions/group/2").expect(200).json().get("members")).hasSize(1);
        }

        @Test
        void unknown_people_are_404_and_bad_ids_400() {
            app.api.as(app.admin).delete("/api/user/999999").expect(404);
            app.api.as(app.admin).delete("/api/user/x").expect(400);
        }

        @Test
        void no_credentials_is_401_and_a_member_is_403() {
            app.api.as(ANONYMOUS).delete("/api/user/" + app.memberId).expect(401);
            app.api.as(app.member).delete("/api/user/" + app.memberId).expect(403);
            app.api.as(app.member).get("/api/user/current").expect(200);
        }
    }

    @Nested
    class Reactivate {
        @Test
        void a_reactivated_person_can_sign_in_again_without_the_admin_flag() {
            var p = newPerson("Rene");
            app.api.as(app.admin).put("/api/user/" + p.id(), Map.of("is_superuser", true)).expect(200);
            var oldSession = p.signIn();
            app.api.as(app.admin).delete("/api/user/" + p.id()).expect(200);
            JsonNode body = app.api.as(app.admin).put("/api/user/" + p.id() + "/reactivate", null).expect(200).json();
            assertThat(body.get("is_active").asBoolean()).isTrue();
            assertThat(body.get("is_superuser").asBoolean()).isFalse();
            app.api.as(oldSession).get("/api/user/current").expect(401);
            app.api.as(ANONYMOUS).post("/api/session", login(p.email(), TestApp.PASSWORD)).expect(200);
        }

        @Test
        void an_active_person_cannot_be_reactivated() {
            JsonNode body = app.api.as(app.admin).put("/api/user/" + app.memberId + "/reactivate", null).expect(400).json();
            assertThat(body.get("message").asText()).isEqualTo("Not able to reactivate an active user");
        }

        @Test
        void unknown_people_are_404_no_credentials_401_and_members_403() {
            app.api.as(app.admin).put("/api/user/999999/reactivate", null).expect(404);
            app.api.as(ANONYMOUS).put("/api/user/" + app.memberId + "/reactivate", null).expect(401);
            app.api.as(app.member).put("/api/user/" + app.memberId + "/reactivate", null).expect(403);
        }
    }
}
