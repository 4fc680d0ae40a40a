package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** X-API-Key on every request: who the key is, what it may do, and when it stops working. */
class ApiKeyAuthenticationTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static JsonNode create(long groupId) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", groupId))
                .expect(200).json();
    }

    static String plain(JsonNode key) { return key.get("unmasked_key").asText(); }

    /** The key with its last character changed (to one it surely is not). */
    static String typo(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'x' ? 'y' : 'x');
    }

    @Test
    void a_key_authenticates_as_its_own_api_key_user_in_all_users_and_its_group() {
        JsonNode key = create(2);
        JsonNode me = app.api.withKey(plain(key)).get("/api/user/current").expect(200).json();
        assertThat(me.get("common_name").asText()).isEqualTo(key.get("name").asText());
        assertThat(me.get("first_name").asText()).isEqualTo(key.get("name").asText());
        assertThat(me.get("email").asText()).matches("api-key-user-[0-9a-f-]{36}@api-key\\.invalid");
        assertThat(me.get("is_superuser").asBoolean()).isTrue();
        assertThat(me.get("group_ids").toString()).isEqualTo("[1,2]");
        assertThat(me.get("id").asLong()).isNotIn(app.adminId, app.memberId);
    }

    @Test
    void the_header_name_is_matched_case_insensitively() {
        String key = plain(create(1));
        for (String header : new String[]{"X-API-Key", "x-api-key", "X-API-KEY", "X-Api-Key"}) {
            app.api.anonymous().header(header, key).get("/api/user/current").expect(200);
        }
    }

    @Test
    void an_all_users_key_has_only_all_users_rights() {
        String key = plain(create(1));
        JsonNode me = app.api.withKey(key).get("/api/user/current").expect(200).json();
        assertThat(me.get("is_superuser").asBoolean()).isFalse();
        assertThat(me.get("group_ids").toString()).isEqualTo("[1]");
        app.api.withKey(key).get("/api/api-key").expect(403);
    }

    @Test
    void a_valid_session_wins_over_a_key_sent_with_it() {
        String key = plain(create(1));
        String adminSession = app.login(TestApp.ADMIN_EMAIL, TestApp.PASSWORD);
        JsonNode me = app.api.withKey(key).header("X-Metabase-Session", adminSession).get("/api/user/current").expect(200).json();
        assertThat(me.get("id").asLong()).isEqualTo(app.adminId);
        JsonNode keyUser = app.api.withKey(key).header("X-Metabase-Session", UUID.randomUUID().toString())
                .get("/api/user/current").expect(200).json();
        assertThat(keyUser.get("email").asText()).endsWith("@api-key.invalid");
    }

    @Test
    void unknown_wrong_malformed_and_metabase_style_keys_all_get_the_same_401() {
        String key = plain(create(1));
        ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(key);
        String otherSecret = ApiKeySecrets.parse(new ApiKeySecrets().generate().plaintext()).secret();
        String body = "lk_" + parsed.keyId() + "_" + otherSecret;
        String wrongSecret = body + ApiKeySecrets.checksum(body);
        String unknownId = new ApiKeySecrets().generate().plaintext();
        String[] bad = {wrongSecret, unknownId, typo(key), "mb_UGXWibc0YbG+s9AClYhUTDk0bw3Wxe9GqQraBWcBvnQ=", "x"};
        for (String b : bad) {
            Api.Response r = app.api.withKey(b).get("/api/user/current").expect(401);
            assertThat(r.text()).isEqualTo("Unauthenticated");
            assertThat(r.header("Content-Type")).isEqualTo(app.api.withKey(unknownId).get("/api/user/current").header("Content-Type"));
        }
        app.api.withKey(key).get("/api/user/current").expect(200);
    }

    @Test
    void a_group_change_takes_effect_on_the_very_next_request() {
        JsonNode key = create(1);
        String k = plain(key);
        app.api.withKey(k).get("/api/api-key/count").expect(403);
        app.api.as(app.admin).put("/api/api-key/" + key.get("id").asLong(), Map.of("group_id", 2)).expect(200);
        app.api.withKey(k).get("/api/api-key/count").expect(200);
        app.api.as(app.admin).put("/api/api-key/" + key.get("id").asLong(), Map.of("group_id", 1)).expect(200);
        app.api.withKey(k).get("/api/api-key/count").expect(403);
    }

    @Test
    void a_key_user_cannot_sign_in_with_a_password() {
        JsonNode key = create(2);
        String email = app.api.withKey(plain(key)).get("/api/user/current").expect(200).json().get("email").asText();
        for (String password : new String[]{"", "null", TestApp.PASSWORD, plain(key)}) {
            int status = app.api.anonymous().post("/api/session", Map.of("username", email, "password", password)).status();
            assertThat(status).as("password '%s'", password.isEmpty() ? "<empty>" : "…").isIn(400, 401);
        }
    }

    @Test
    void a_deleted_key_s_user_stays_as_an_inactive_api_key_user() {
        JsonNode key = create(1);
        String k = plain(key);
        long userId = app.api.withKey(k).get("/api/user/current").expect(200).json().get("id").asLong();
        app.api.as(app.admin).delete("/api/api-key/" + key.get("id").asLong()).expect(204);
        app.api.withKey(k).get("/api/user/current").expect(401);
        Boolean active = app.app.database().withHandle(h -> h.createQuery("SELECT is_active FROM core_user WHERE id = :id AND type = 'api-key'")
                .bind("id", userId).mapTo(Boolean.class).one());
        assertThat(active).isFalse();
    }

    @Test
    void a_key_whose_user_was_deactivated_by_someone_else_gets_401() {
        JsonNode key = create(1);
        String k = plain(key);
        long userId = app.api.withKey(k).get("/api/user/current").expect(200).json().get("id").asLong();
        // Another instance deactivates the user behind this one's back; the entry expires within the documented bound.
        app.app.database().useTransaction(h -> h.createUpdate("UPDATE core_user SET is_active = FALSE WHERE id = :id").bind("id", userId).execute());
        long deadline = System.currentTimeMillis() + (ApiKeyAuthenticator.EXPIRY_SECONDS + 5) * 1000L;
        int status = 200;
        while (status == 200 && System.currentTimeMillis() < deadline) {
            status = app.api.withKey(k).get("/api/user/current").status();
            if (status == 200) sleep(250);
        }
        assertThat(status).isEqualTo(401);
    }

    static long newGroup() {
        return app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "group " + UUID.randomUUID()))
                .expect(200).json().get("id").asLong();
    }

    @Test
    void a_key_whose_group_is_deleted_falls_back_to_all_users_and_keeps_working() {
        long group = newGroup();
        JsonNode key = create(group);
        String k = plain(key);
        assertThat(app.api.withKey(k).get("/api/user/current").expect(200).json().get("group_ids").toString())
                .isEqualTo("[1," + group + "]");
        app.api.as(app.admin).delete("/api/permissions/group/" + group).expect(204);
        assertThat(app.api.withKey(k).get("/api/user/current").expect(200).json().get("group_ids").toString()).isEqualTo("[1]");
        JsonNode listed = app.api.as(app.admin).get("/api/api-key").json();
        JsonNode mine = null;
        for (JsonNode e : listed) if (e.get("id").asLong() == key.get("id").asLong()) mine = e;
        assertThat(mine).isNotNull();
        assertThat(mine.get("group").toString()).isEqualTo("{\"id\":1,\"name\":\"All Users\"}");
    }

    @Test
    void a_key_is_a_member_of_its_group_and_counted_in_member_count() {
        long group = newGroup();
        JsonNode key = create(group);
        JsonNode detail = app.api.as(app.admin).get("/api/permissions/group/" + group).expect(200).json();
        assertThat(detail.get("members")).hasSize(1);
        assertThat(detail.get("members").get(0).get("first_name").asText()).isEqualTo(key.get("name").asText());
        JsonNode groups = app.api.as(app.admin).get("/api/permissions/group").expect(200).json();
        for (JsonNode g : groups) if (g.get("id").asLong() == group) assertThat(g.get("member_count").asInt()).isEqualTo(1);
        app.api.as(app.admin).delete("/api/api-key/" + key.get("id").asLong()).expect(204);
        assertThat(app.api.as(app.admin).get("/api/permissions/group/" + group).json().get("members")).isEmpty();
    }

    @Test
    void a_membership_change_made_through_the_groups_api_takes_effect_on_the_very_next_request() {
        JsonNode key = create(1);
        String k = plain(key);
        long userId = app.api.withKey(k).get("/api/user/current").expect(200).json().get("id").asLong();
        app.api.withKey(k).get("/api/permissions/group").expect(403);
        JsonNode members = app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", 2, "user_id", userId))
                .expect(200).json();
        app.api.withKey(k).get("/api/permissions/group").expect(200);
        long membershipId = -1;
        for (JsonNode m : members) if (m.get("user_id").asLong() == userId) membershipId = m.get("membership_id").asLong();
        app.api.as(app.admin).delete("/api/permissions/membership/" + membershipId).expect(204);
        app.api.withKey(k).get("/api/permissions/group").expect(403);
    }

    @Test
    void the_seed_example_lists_groups_with_an_admin_key() {
        String k = plain(create(2));
        JsonNode groups = app.api.anonymous().header("x-api-key", k).get("/api/permissions/group").expect(200).json();
        assertThat(groups.findValues("name").stream().map(JsonNode::asText).toList()).contains("All Users", "Administrators");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
