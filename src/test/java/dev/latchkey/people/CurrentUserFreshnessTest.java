package dev.latchkey.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/user/current is cached per user: every change must show on the very next request. Each test reads the
 * view first (so it is cached), changes something through the API, and reads again.
 */
class CurrentUserFreshnessTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static JsonNode current(Api.Caller caller) { return app.api.as(caller).get("/api/user/current").expect(200).json(); }

    static List<Long> groupIds(JsonNode view) {
        List<Long> ids = new ArrayList<>();
        view.get("group_ids").forEach(g -> ids.add(g.asLong()));
        return ids;
    }

    @Test
    void each_caller_gets_their_own_view_from_the_cache() {
        assertThat(current(app.admin).get("id").asLong()).isEqualTo(app.adminId);
        assertThat(current(app.member).get("id").asLong()).isEqualTo(app.memberId);
        assertThat(current(app.admin).get("email").asText()).isEqualTo(TestApp.ADMIN_EMAIL);
        assertThat(current(app.member).get("email").asText()).isEqualTo(TestApp.MEMBER_EMAIL);
    }

    @Test
    void a_new_group_membership_shows_on_the_next_request_and_so_does_clearing_the_group() {
        var person = PeopleFixtures.newPerson(app, "Gina");
        Api.Caller gina = person.signIn();
        long group = PeopleFixtures.newGroup(app);
        assertThat(groupIds(current(gina))).doesNotContain(group);
        app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", group, "user_id", person.id())).expect(200);
        assertThat(groupIds(current(gina))).contains(group);
        app.api.as(app.admin).put("/api/permissions/membership/" + group + "/clear", Map.of()).expect(204);
        assertThat(groupIds(current(gina))).doesNotContain(group);
    }

    @Test
    void an_admin_renaming_someone_shows_in_their_next_request() {
        var person = PeopleFixtures.newPerson(app, "Rena");
        Api.Caller rena = person.signIn();
        assertThat(current(rena).get("first_name").asText()).isEqualTo("Rena");
        app.api.as(app.admin).put("/api/user/" + person.id(), Map.of("first_name", "Renamed")).expect(200);
        JsonNode after = current(rena);
        assertThat(after.get("first_name").asText()).isEqualTo("Renamed");
        assertThat(after.get("common_name").asText()).startsWith("Renamed ");
    }

    @Test
    void a_person_changing_their_own_email_and_locale_sees_both_next() {
        var person = PeopleFixtures.newPerson(app, "Emil");
        Api.Caller emil = person.signIn();
        assertThat(current(emil).get("locale").isNull()).isTrue();
        String email = "emil.changed." + person.tag() + "@example.com";
        app.api.as(emil).put("/api/user/" + person.id(), Map.of("email", email, "locale", "fr")).expect(200);
        JsonNode after = current(emil);
        assertThat(after.get("email").asText()).isEqualTo(email);
        assertThat(after.get("locale").asText()).isEqualTo("fr");
    }

    @Test
    void being_made_an_admin_and_back_shows_on_the_next_request() {
        var person = PeopleFixtures.newPerson(app, "Ada");
        Api.Caller ada = person.signIn();
        assertThat(current(ada).get("is_superuser").asBoolean()).isFalse();
        app.api.as(app.admin).put("/api/user/" + person.id(), Map.of("is_superuser", true)).expect(200);
        assertThat(current(ada).get("is_superuser").asBoolean()).isTrue();
        app.api.as(app.admin).put("/api/user/" + person.id(), Map.of("is_superuser", false)).expect(200);
        assertThat(current(ada).get("is_superuser").asBoolean()).isFalse();
    }

    @Test
    void a_deactivated_person_is_refused_on_the_next_request() {
        var person = PeopleFixtures.newPerson(app, "Dee");
        Api.Caller dee = person.signIn();
        current(dee);
        app.api.as(app.admin).delete("/api/user/" + person.id()).expect(200);
        app.api.as(dee).get("/api/user/current").expect(401);
    }

    @Test
    void a_second_sign_in_moves_last_login_forward() throws InterruptedException {
        var person = PeopleFixtures.newPerson(app, "Lou");
        String before = current(person.signIn()).get("last_login").asText();
        Thread.sleep(5);
        String after = current(person.signIn()).get("last_login").asText();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void an_api_key_rename_and_group_change_show_through_the_key_itself() {
        long group = PeopleFixtures.newGroup(app);
        JsonNode created = app.api.as(app.admin).post("/api/api-key", Map.of("name", "fresh " + group, "group_id", 1))
                .expect(200).json();
        Api.Caller key = TestApp.key(created.get("unmasked_key").asText());
        assertThat(current(key).get("first_name").asText()).isEqualTo("fresh " + group);
        app.api.as(app.admin).put("/api/api-key/" + created.get("id").asLong(),
                Map.of("name", "renamed " + group, "group_id", group)).expect(200);
        JsonNode after = current(key);
        assertThat(after.get("first_name").asText()).isEqualTo("renamed " + group);
        assertThat(groupIds(after)).contains(group);
    }
}
