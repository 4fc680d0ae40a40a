package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: personal keys act as their owner, with exactly the owner's rights (narrowed by restrictions), through
 * group changes, promotion and demotion, deactivation and the on/off setting; admins see and delete them.
 * A fresh app per test: people are promoted, demoted and deactivated here.
 */
class PersonalKeysApiTest {
    TestApp app;

    @BeforeEach void start() { app = TestApp.start(); }

    @AfterEach void stop() { app.close(); }

    Api admin() { return app.api.as(app.admin); }

    JsonNode createAsMember(Map<String, Object> body) {
        return app.api.as(app.member).post("/api/user/current/api-key", body).expect(200).json();
    }

    Api key(JsonNode created) { return app.api.withKey(created.get("unmasked_key").asText()); }

    static Set<String> fields(JsonNode node) {
        Set<String> out = new HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test void a_person_creates_a_key_that_acts_as_themselves() {
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        assertThat(fields(created)).containsAll(List.of("id", "name", "group", "masked_key", "unmasked_key", "created_at",
                "updated_at", "updated_by", "restrictions", "owner"));
        assertThat(created.get("owner").toString()).isEqualTo("{\"id\":" + app.memberId + ",\"common_name\":\"Rasta Toucan\"}");
        assertThat(created.get("group").isNull()).isTrue();
        JsonNode me = key(created).get("/api/user/current").expect(200).json();
        assertThat(me.get("id").asLong()).isEqualTo(app.memberId);
        assertThat(me.get("email").asText()).isEqualTo(TestApp.MEMBER_EMAIL);
        key(created).get("/api/api-key").expect(403);
        JsonNode mine = app.api.as(app.member).get("/api/user/current/api-key").expect(200).json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).has("unmasked_key")).isFalse();
        assertThat(mine.get(0).get("masked_key").asText()).isEqualTo(created.get("masked_key").asText());
    }

    @Test void the_name_is_required_and_restrictions_are_checked() {
        app.api.as(app.member).post("/api/user/current/api-key", Map.of()).expect(400);
        JsonNode errors = app.api.as(app.member).post("/api/user/current/api-key",
                Map.of("name", "x", "restrictions", Map.of("allowed_ips", List.of("999.1.1.1")))).expect(400).json().get("errors");
        assertThat(errors.has("restrictions.allowed_ips")).isTrue();
        assertThat(app.api.as(app.member).get("/api/user/current/api-key").expect(200).json()).isEmpty();
        app.api.anonymous().post("/api/user/current/api-key", Map.of("name", "x")).expect(401);
    }

    @Test void names_are_unique_per_person_only() {
        createAsMember(Map.of("name", "laptop"));
        app.api.as(app.member).post("/api/user/current/api-key", Map.of("name", "Laptop")).expect(400);
        admin().post("/api/user/current/api-key", Map.of("name", "laptop")).expect(200);
        admin().post("/api/api-key", Map.of("name", "laptop", "group_id", 1)).expect(200);
    }

    @Test void a_key_cannot_make_or_renew_keys() {
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        key(created).post("/api/user/current/api-key", Map.of("name", "another")).expect(403);
        key(created).put("/api/user/current/api-key/" + created.get("id").asLong() + "/regenerate", Map.of()).expect(403);
        key(created).get("/api/user/current/api-key").expect(200);
    }

    @Test void restrictions_narrow_the_owner_and_never_widen() {
        JsonNode adminKey = admin().post("/api/user/current/api-key", Map.of("name", "ro",
                "restrictions", Map.of("read_only", true))).expect(200).json();
        key(adminKey).get("/api/api-key").expect(200);
        key(adminKey).post("/api/permissions/group", Map.of("name", "g " + UUID.randomUUID())).expect(403);
        JsonNode memberKey = createAsMember(Map.of("name", "paths", "restrictions", Map.of("allowed_paths", List.of("/api/api-key"))));
        key(memberKey).get("/api/api-key").expect(403);
        key(memberKey).get("/api/user/current").expect(403);
    }

    @Test void promotion_and_demotion_of_the_owner_apply_on_the_next_request() {
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        key(created).get("/api/api-key").expect(403);
        admin().put("/api/user/" + app.memberId, Map.of("is_superuser", true)).expect(200);
        key(created).get("/api/api-key").expect(200);
        admin().put("/api/user/" + app.memberId, Map.of("is_superuser", false)).expect(200);
        key(created).get("/api/api-key").expect(403);
    }

    @Test void removing_the_owner_from_a_group_applies_on_the_next_request() {
        long group = admin().post("/api/permissions/group", Map.of("name", "Readers")).expect(200).json().get("id").asLong();
        long collection = admin().post("/api/collection", Map.of("name", "Reports", "color", "#509EE3")).expect(200).json().get("id").asLong();
        long revision = admin().get("/api/collection/graph").expect(200).json().get("revision").asLong();
        admin().put("/api/collection/graph", Map.of("revision", revision,
                "groups", Map.of("1", Map.of(Long.toString(collection), "none"),
                        Long.toString(group), Map.of(Long.toString(collection), "read")))).expect(200);
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        key(created).get("/api/collection/" + collection).expect(403);
        admin().post("/api/permissions/membership", Map.of("group_id", group, "user_id", app.memberId)).expect(200);
        long membership = membershipOf(group);
        key(created).get("/api/collection/" + collection).expect(200);
        admin().delete("/api/permissions/membership/" + membership).expect(204);
        key(created).get("/api/collection/" + collection).expect(403);
    }

    long membershipOf(long group) {
        for (JsonNode m : admin().get("/api/permissions/membership").expect(200).json().get(Long.toString(app.memberId))) {
            if (m.get("group_id").asLong() == group) return m.get("membership_id").asLong();
        }
        throw new AssertionError("no membership");
    }

    @Test void deactivating_the_owner_deletes_their_keys_and_reactivation_does_not_revive_them() {
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        key(created).get("/api/user/current").expect(200);
        admin().delete("/api/user/" + app.memberId).expect(200);
        key(created).get("/api/user/current").expect(401);
        assertThat(admin().get("/api/api-key?include_personal=true").expect(200).json().findValues("owner")).isEmpty();
        JsonNode event = admin().get("/api/audit-log?topic=api-key-delete&model_id=" + created.get("id").asLong()).expect(200).json();
        assertThat(event.get("total").asInt()).isEqualTo(1);
        admin().put("/api/user/" + app.memberId + "/reactivate", Map.of()).expect(200);
        key(created).get("/api/user/current").expect(401);
    }

    @Test void admins_see_personal_keys_only_when_asked_and_can_delete_them() {
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        admin().post("/api/api-key", Map.of("name", "group key", "group_id", 1)).expect(200);
        assertThat(admin().get("/api/api-key").expect(200).json()).hasSize(1);
        assertThat(admin().get("/api/api-key/count").expect(200).json().asLong()).isEqualTo(1);
        JsonNode all = admin().get("/api/api-key?include_personal=true").expect(200).json();
        assertThat(all).hasSize(2);
        app.api.as(app.member).get("/api/api-key?include_personal=true").expect(403);
        admin().delete("/api/api-key/" + created.get("id").asLong()).expect(204);
        key(created).get("/api/user/current").expect(401);
        assertThat(app.api.as(app.member).get("/api/user/current/api-key").expect(200).json()).isEmpty();
    }

    @Test void a_person_regenerates_and_deletes_only_their_own_keys() {
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        long id = created.get("id").asLong();
        JsonNode other = admin().post("/api/user/current/api-key", Map.of("name", "admin laptop")).expect(200).json();
        app.api.as(app.member).put("/api/user/current/api-key/" + other.get("id").asLong() + "/regenerate", Map.of()).expect(404);
        app.api.as(app.member).delete("/api/user/current/api-key/" + other.get("id").asLong()).expect(404);
        JsonNode regenerated = app.api.as(app.member).put("/api/user/current/api-key/" + id + "/regenerate", Map.of()).expect(200).json();
        key(created).get("/api/user/current").expect(401);
        assertThat(key(regenerated).get("/api/user/current").expect(200).json().get("id").asLong()).isEqualTo(app.memberId);
        app.api.as(app.member).delete("/api/user/current/api-key/" + id).expect(204);
        key(regenerated).get("/api/user/current").expect(401);
        key(other).get("/api/user/current").expect(200);
    }

    @Test void the_setting_turns_creation_and_existing_keys_off_and_on() {
        JsonNode created = createAsMember(Map.of("name", "laptop"));
        admin().put("/api/setting/enable-personal-api-keys", Map.of("value", false)).expect(204);
        key(created).get("/api/user/current").expect(401);
        app.api.as(app.member).post("/api/user/current/api-key", Map.of("name", "another")).expect(403);
        admin().put("/api/setting/enable-personal-api-keys", Map.of("value", true)).expect(204);
        key(created).get("/api/user/current").expect(200);
        createAsMember(Map.of("name", "another"));
    }
}
