package dev.latchkey.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** API-key changes leave Metabase's audit rows, and admins read them with GET /api/audit-log. */
class AuditLogApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static JsonNode events(String query) { return app.api.as(app.admin).get("/api/audit-log?" + query).expect(200).json(); }

    static Set<String> fields(JsonNode node) {
        Set<String> out = new HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void every_key_change_is_recorded_with_metabase_details_and_no_secret() {
        String name = "audited " + UUID.randomUUID();
        JsonNode key = app.api.as(app.admin).post("/api/api-key", Map.of("name", name, "group_id", 1)).expect(200).json();
        long id = key.get("id").asLong();
        String plain = key.get("unmasked_key").asText();
        long userId = app.api.withKey(plain).get("/api/user/current").json().get("id").asLong();
        String prefix = plain.substring(0, 17);

        JsonNode created = events("model=ApiKey&model_id=" + id + "&topic=api-key-create").get("data").get(0);
        assertThat(created.get("user_id").asLong()).isEqualTo(app.adminId);
        assertThat(created.get("model").asText()).isEqualTo("ApiKey");
        assertThat(fields(created.get("details"))).containsExactlyInAnyOrder("name", "group", "key_prefix", "user_id");
        assertThat(created.get("details").toString()).isEqualTo("{\"name\":\"" + name + "\",\"group\":{\"id\":1,\"name\":\"All Users\"},"
                + "\"key_prefix\":\"" + prefix + "\",\"user_id\":" + userId + "}");

        String renamed = name + " (renamed)";
        app.api.as(app.admin).put("/api/api-key/" + id, Map.of("name", renamed, "group_id", 2)).expect(200);
        JsonNode updated = events("model_id=" + id + "&topic=api-key-update").get("data").get(0).get("details");
        assertThat(updated.toString()).isEqualTo("{\"previous\":{\"name\":\"" + name + "\",\"group\":{\"id\":1,\"name\":\"All Users\"}},"
                + "\"new\":{\"name\":\"" + renamed + "\",\"group\":{\"id\":2,\"name\":\"Administrators\"}}}");

        app.api.as(app.admin).put("/api/api-key/" + id, Map.of("name", renamed)).expect(200);
        assertThat(events("model_id=" + id + "&topic=api-key-update&limit=1").get("data").get(0).get("details").toString())
                .isEqualTo("{\"previous\":{},\"new\":{}}");

        String fresh = app.api.as(app.admin).put("/api/api-key/" + id + "/regenerate", Map.of()).expect(200).json().get("unmasked_key").asText();
        JsonNode regenerated = events("model_id=" + id + "&topic=api-key-regenerate").get("data").get(0).get("details");
        assertThat(regenerated.toString()).isEqualTo("{\"previous\":{\"key_prefix\":\"" + prefix + "\"},\"new\":{\"key_prefix\":\""
                + fresh.substring(0, 17) + "\"}}");

        app.api.as(app.admin).delete("/api/api-key/" + id).expect(204);
        JsonNode deleted = events("model_id=" + id + "&topic=api-key-delete").get("data").get(0).get("details");
        assertThat(deleted.get("name").asText()).isEqualTo(renamed);
        assertThat(deleted.get("group").toString()).isEqualTo("{\"id\":2,\"name\":\"Administrators\"}");
        assertThat(deleted.get("key_prefix").asText()).isEqualTo(fresh.substring(0, 17));

        JsonNode all = events("model=ApiKey&model_id=" + id);
        assertThat(all.get("total").asLong()).isEqualTo(5);
        assertThat(all.get("data").findValues("topic").stream().map(JsonNode::asText).toList())
                .containsExactly("api-key-delete", "api-key-regenerate", "api-key-update", "api-key-update", "api-key-create");
        assertThat(all.toString()).doesNotContain(plain).doesNotContain(fresh);
    }

    @Test
    void the_list_is_paged_newest_first() {
        for (int i = 0; i < 3; i++) {
            app.api.as(app.admin).post("/api/api-key", Map.of("name", "paged " + UUID.randomUUID(), "group_id", 1)).expect(200);
        }
        JsonNode page = events("topic=api-key-create&limit=2&offset=1");
        assertThat(fields(page)).containsExactlyInAnyOrder("data", "total", "limit", "offset");
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("offset").asInt()).isEqualTo(1);
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(3);
        long first = page.get("data").get(0).get("id").asLong();
        long second = page.get("data").get(1).get("id").asLong();
        assertThat(first).isGreaterThan(second);
        assertThat(fields(page.get("data").get(0))).containsExactlyInAnyOrder("id", "topic", "timestamp", "user_id", "model", "model_id", "details", "source");
        assertThat(page.get("data").get(0).get("source").isNull()).as("a change through the API has no other source").isTrue();
        assertThat(events("topic=no-such-topic").get("data")).isEmpty();
    }

    @Test
    void bad_filters_are_400() {
        app.api.as(app.admin).get("/api/audit-log?limit=0").expect(400);
        app.api.as(app.admin).get("/api/audit-log?limit=100000").expect(400);
        app.api.as(app.admin).get("/api/audit-log?offset=-1").expect(400);
        app.api.as(app.admin).get("/api/audit-log?model_id=abc").expect(400);
    }

    @Test
    void only_admins_may_read_the_audit_log() {
        assertThat(app.api.as(ANONYMOUS).get("/api/audit-log").expect(401).text()).isEqualTo("Unauthenticated");
        assertThat(app.api.as(app.member).get("/api/audit-log").expect(403).text()).isEqualTo("You don't have permissions to do that.");
        String memberKey = app.api.as(app.admin).post("/api/api-key", Map.of("name", "reader " + UUID.randomUUID(), "group_id", 1))
                .expect(200).json().get("unmasked_key").asText();
        app.api.withKey(memberKey).get("/api/audit-log").expect(403);
        String adminKey = app.api.as(app.admin).post("/api/api-key", Map.of("name", "auditor " + UUID.randomUUID(), "group_id", 2))
                .expect(200).json().get("unmasked_key").asText();
        app.api.withKey(adminKey).get("/api/audit-log").expect(200);
    }
}
