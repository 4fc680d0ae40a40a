package dev.latchkey.content.collections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.app.App;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People who existed before personal collections did (rows written by an older version, simulated here with
 * one raw insert) get theirs when the server starts; API-key users never do.
 */
class PersonalCollectionBackfillTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    @Test
    void a_person_without_a_personal_collection_gets_one_at_the_next_start_and_a_key_user_does_not() {
        long now = System.currentTimeMillis();
        long legacy = app.app.database().withHandle(h -> h.createUpdate("INSERT INTO core_user (email, first_name, last_name, type, "
                        + "is_active, is_superuser, date_joined, updated_at) VALUES ('old@example.com', 'Old', 'Timer', 'personal', TRUE, FALSE, :n, :n)")
                .bind("n", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        long keyUser = app.app.database().withHandle(h -> h.createUpdate("INSERT INTO core_user (email, type, is_active, is_superuser, "
                        + "date_joined, updated_at) VALUES ('api-key-user-x@api-key.invalid', 'api-key', TRUE, FALSE, :n, :n)")
                .bind("n", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        // a second server on the same database: its start-up does the backfill; the first one then reads the result
        try (App restarted = new App(app.database.config())) {
            JsonNode personal = app.api.as(app.admin).get("/api/collection?personal-only=true").expect(200).json();
            JsonNode mine = null;
            boolean keyHasOne = false;
            for (JsonNode c : personal) {
                if (c.get("personal_owner_id").asLong() == legacy) mine = c;
                keyHasOne |= c.get("personal_owner_id").asLong() == keyUser;
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("name").asText()).isEqualTo("Old Timer's Personal Collection");
            assertThat(keyHasOne).isFalse();
        }
    }
}
