package dev.latchkey.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** Everything lives in the database: a stop and start on the same database (the H2 file by default) keeps it all. */
class RestartTest {

    @Test
    void people_groups_memberships_sessions_and_setup_survive_a_restart() {
        TestApp before = TestApp.start();
        TestApp after = null;
        try {
            long group = before.api.as(before.admin).post("/api/permissions/group", Map.of("name", "Survivors"))
                    .expect(200).json().get("id").asLong();
            long person = before.api.as(before.admin).post("/api/user", Map.of("email", "kept@example.com",
                    "password", TestApp.PASSWORD, "user_group_memberships", List.of(Map.of("id", 1), Map.of("id", group))))
                    .expect(200).json().get("id").asLong();

            after = before.restart();

            after.api.as(after.admin).get("/api/user/current").expect(200);
            after.api.as(after.member).get("/api/user/current").expect(200);
            JsonNode members = after.api.as(after.admin).get("/api/permissions/group/" + group).expect(200).json().get("members");
            assertThat(members).hasSize(1);
            assertThat(members.get(0).get("user_id").asLong()).isEqualTo(person);
            after.login("kept@example.com", TestApp.PASSWORD);
            JsonNode props = after.api.as(ANONYMOUS).get("/api/session/properties").expect(200).json();
            assertThat(props.get("has-user-setup").asBoolean()).isTrue();
            assertThat(props.get("setup-token").isNull()).isTrue();
            assertThat(after.api.as(after.admin).get("/api/session/properties").expect(200).json().get("site-name").asText())
                    .isEqualTo("Latchkey tests");
            after.api.as(after.admin).post("/api/permissions/group", Map.of("name", "survivors")).expect(400);
        } finally {
            if (after != null) after.close(); else before.close();
        }
    }
}
