package dev.latchkey.content.collections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A person's personal collection is named after them and renamed when their name changes, as in Metabase. */
class PersonalCollectionRenameTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    private long person(String email, String first, String last) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("first_name", first);
        body.put("last_name", last);
        body.put("password", TestApp.PASSWORD);
        return app.api.as(app.admin).post("/api/user", body).expect(200).json().get("id").asLong();
    }

    private JsonNode personalCollection(long userId) {
        for (JsonNode c : app.api.as(app.admin).get("/api/collection?personal-only=true").expect(200).json()) {
            if (c.get("personal_owner_id").asLong() == userId) return app.api.as(app.admin).get("/api/collection/" + c.get("id").asLong()).expect(200).json();
        }
        throw new AssertionError("no personal collection for user " + userId);
    }

    @Test
    void an_admin_renaming_a_person_renames_their_personal_collection() {
        long ada = person("ada.rename@example.com", "Ada", "Admin");
        assertThat(personalCollection(ada).get("name").asText()).isEqualTo("Ada Admin's Personal Collection");
        app.api.as(app.admin).put("/api/user/" + ada, Map.of("first_name", "Augusta", "last_name", "King")).expect(200);
        JsonNode c = personalCollection(ada);
        assertThat(c.get("name").asText()).isEqualTo("Augusta King's Personal Collection");
        assertThat(c.get("slug").asText()).isEqualTo("augusta_king_s_personal_collection");
    }

    @Test
    void a_person_renaming_themself_renames_theirs_and_no_one_elses() {
        String before = personalCollection(app.adminId).get("name").asText();
        app.api.as(app.member).put("/api/user/" + app.memberId, Map.of("last_name", "Toucanetta")).expect(200);
        assertThat(personalCollection(app.memberId).get("name").asText()).isEqualTo("Rasta Toucanetta's Personal Collection");
        assertThat(personalCollection(app.adminId).get("name").asText()).isEqualTo(before);
    }

    @Test
    void with_one_name_missing_the_other_is_used_and_with_none_the_email() {
        long p = person("nameless@example.com", "Bo", null);
        assertThat(personalCollection(p).get("name").asText()).isEqualTo("Bo's Personal Collection");
        Map<String, Object> noFirst = new HashMap<>();
        noFirst.put("first_name", null);
        noFirst.put("last_name", "Diddley");
        app.api.as(app.admin).put("/api/user/" + p, noFirst).expect(200);
        assertThat(personalCollection(p).get("name").asText()).isEqualTo("Diddley's Personal Collection");
        Map<String, Object> none = new HashMap<>();
        none.put("last_name", null);
        app.api.as(app.admin).put("/api/user/" + p, none).expect(200);
        assertThat(personalCollection(p).get("name").asText()).isEqualTo("nameless@example.com's Personal Collection");
        app.api.as(app.admin).put("/api/user/" + p, Map.of("email", "renamed@example.com")).expect(200);
        assertThat(personalCollection(p).get("name").asText()).isEqualTo("renamed@example.com's Personal Collection");
    }

    @Test
    void a_change_that_leaves_the_name_alone_leaves_the_collection_alone_and_a_refused_one_changes_nothing() {
        long p = person("steady@example.com", "Steady", "Eddie");
        app.api.as(app.admin).put("/api/user/" + p, Map.of("locale", "de")).expect(200);
        assertThat(personalCollection(p).get("name").asText()).isEqualTo("Steady Eddie's Personal Collection");
        app.api.as(app.admin).put("/api/user/" + p, Map.of("first_name", "Shaky", "email", app.api.as(app.admin)
                .get("/api/user/current").expect(200).json().get("email").asText())).expect(400);
        assertThat(personalCollection(p).get("name").asText()).isEqualTo("Steady Eddie's Personal Collection");
    }
}
