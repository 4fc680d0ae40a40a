package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/api-key on the wire: shapes, validation and error bodies, and who may call what. */
class ApiKeyApiTest {
    static final long ALL_USERS = 1;
    static final long ADMINISTRATORS = 2;
    /** Metabase's fields plus Latchkey's additive restrictions (issue 14). */
    static final Set<String> SHAPE = Set.of("id", "name", "group", "masked_key", "created_at", "updated_at", "updated_by");
    static final Set<String> SHAPE_WITH_KEY = Set.of("id", "name", "group", "masked_key", "unmasked_key", "created_at",
            "updated_at", "updated_by");

    static TestApp app;
    static Api.Caller adminKey;
    static Api.Caller memberKey;

    @BeforeAll static void start() {
        app = TestApp.start();
        adminKey = TestApp.key(create("admin key " + UUID.randomUUID(), ADMINISTRATORS).get("unmasked_key").asText());
        memberKey = TestApp.key(create("member key " + UUID.randomUUID(), ALL_USERS).get("unmasked_key").asText());
    }

    @AfterAll static void stop() { app.close(); }

    static JsonNode create(String name, long groupId) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", name, "group_id", groupId)).expect(200).json();
    }

    static String unique() { return "key " + UUID.randomUUID(); }

    /** Latchkey's additive fields (issue 15: revoked; 14: restrictions; 13: expiry and use): always present. */
    static final Set<String> ADDITIVE = Set.of("revoked", "restrictions", "expires_at", "last_used_at", "previous_key_expires_at");

    /** The node's fields other than the additive ones, which must all be there. */
    static Set<String> fields(JsonNode node) {
        Set<String> out = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        assertThat(out).containsAll(ADDITIVE);
        out.removeAll(ADDITIVE);
        return out;
    }

    /** Every caller who is not an admin, and what they get. */
    static void refusedToNonAdmins(String method, String path, Object body) {
        assertThat(app.api.as(ANONYMOUS).send(method, path, body).expect(401).text()).isEqualTo("Unauthenticated");
        assertThat(app.api.as(app.member).send(method, path, body).expect(403).text()).isEqualTo("You don't have permissions to do that.");
        assertThat(app.api.as(memberKey).send(method, path, body).expect(403).text()).isEqualTo("You don't have permissions to do that.");
        assertThat(app.api.as(TestApp.key("lk_nosuchkey")).send(method, path, body).expect(401).text()).isEqualTo("Unauthenticated");
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Create {
        @Test void an_admin_gets_the_key_once_with_metabase_fields() {
            String name = unique();
            JsonNode key = create(name, ALL_USERS);
            assertThat(fields(key)).isEqualTo(SHAPE_WITH_KEY);
            assertThat(key.get("name").asText()).isEqualTo(name);
            assertThat(key.get("group").toString()).isEqualTo("{\"id\":1,\"name\":\"All Users\"}");
            assertThat(key.get("updated_by").toString()).isEqualTo("{\"id\":" + app.adminId + ",\"common_name\":\"Crowberto Corv\"}");
            String plain = key.get("unmasked_key").asText();
            assertThat(plain).matches(ApiKeySecrets.REGEX.replace("\\b", ""));
            assertThat(key.get("masked_key").asText()).isEqualTo(ApiKeySecrets.mask(ApiKeySecrets.parse(plain).keyId()));
            assertThat(key.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(key.get("created_at")).isEqualTo(key.get("updated_at"));
        }

        @Test void an_admin_group_key_may_create_keys_too() {
            JsonNode key = app.api.as(adminKey).post("/api/api-key", Map.of("name", unique(), "group_id", ADMINISTRATORS)).expect(200).json();
            assertThat(key.get("group").get("name").asText()).isEqualTo("Administrators");
        }

        @Test void non_admins_are_refused() { refusedToNonAdmins("POST", "/api/api-key", Map.of("name", unique(), "group_id", 1)); }

        @Test void a_blank_or_missing_name_is_metabase_400() {
            JsonNode e = app.api.as(app.admin).post("/api/api-key", Map.of("name", "  ", "group_id", 1)).expect(400).json();
            assertThat(e.get("errors").toString()).isEqualTo("{\"name\":\"value must be a non-blank string.\"}");
            assertThat(e.get("specific-errors").get("name").get(0).asText()).endsWith("received: \"  \"");
            e = app.api.as(app.admin).post("/api/api-key", Map.of("group_id", 1)).expect(400).json();
            assertThat(e.get("errors").get("name").asText()).isEqualTo("value must be a non-blank string.");
        }

        @Test void a_missing_or_non_positive_group_id_is_metabase_400() {
            for (Object bad : new Object[]{0, -3, "two", 1.5}) {
                JsonNode e = app.api.as(app.admin).post("/api/api-key", Map.of("name", unique(), "group_id", bad)).expect(400).json();
                assertThat(e.get("errors").toString()).isEqualTo("{\"group_id\":\"value must be an integer greater than zero.\"}");
            }
            Map<String, Object> noGroup = new HashMap<>();
            noGroup.put("name", unique());
            noGroup.put("group_id", null);
            app.api.as(app.admin).post("/api/api-key", noGroup).expect(400);
        }

        @Test void an_unknown_group_is_a_clear_400_and_leaves_nothing_behind() {
            long before = count();
            JsonNode e = app.api.as(app.admin).post("/api/api-key", Map.of("name", unique(), "group_id", 999_999)).expect(400).json();
            assertThat(e.get("errors").get("group_id").asText()).contains("does not exist");
            assertThat(count()).isEqualTo(before);
        }

        @Test void an_over_long_name_is_a_clear_400() {
            JsonNode e = app.api.as(app.admin).post("/api/api-key", Map.of("name", "x".repeat(255), "group_id", 1)).expect(400).json();
            assertThat(e.get("errors").get("name").asText()).isEqualTo("value must be a string of at most 254 characters.");
            create("y".repeat(254), ALL_USERS);
        }

        @Test void a_duplicate_name_is_metabase_400_even_in_another_case() {
            String name = unique();
            create(name, ALL_USERS);
            assertThat(app.api.as(app.admin).post("/api/api-key", Map.of("name", name, "group_id", 1)).expect(400).text())
                    .isEqualTo("{\"errors\":{\"name\":\"An API key with this name already exists.\"}}");
            assertThat(app.api.as(app.admin).post("/api/api-key", Map.of("name", name.toUpperCase(), "group_id", 1)).expect(400)
                    .json().get("errors").get("name").asText()).isEqualTo(ApiKeyService.NAME_TAKEN);
        }

        @Test void malformed_json_is_400() {
            app.api.as(app.admin).send("POST", "/api/api-key", "{not json").expect(400);
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ListAndCount {
        @Test void the_list_has_no_secrets_and_the_count_is_a_bare_integer() {
            JsonNode made = create(unique(), ALL_USERS);
            JsonNode list = app.api.as(app.admin).get("/api/api-key").expect(200).json();
            assertThat(list.isArray()).isTrue();
            List<Long> ids = new ArrayList<>();
            for (JsonNode k : list) {
                assertThat(fields(k)).isEqualTo(SHAPE);
                ids.add(k.get("id").asLong());
            }
            assertThat(ids).contains(made.get("id").asLong()).isSorted();
            assertThat(list.toString()).doesNotContain(made.get("unmasked_key").asText()).doesNotContain("user_id");
            String count = app.api.as(app.admin).get("/api/api-key/count").expect(200).text();
            assertThat(count).matches("\\d+");
            assertThat(Long.parseLong(count)).isEqualTo(list.size());
        }

        @Test void an_admin_group_key_may_list_and_count() {
            app.api.as(adminKey).get("/api/api-key").expect(200);
            app.api.as(adminKey).get("/api/api-key/count").expect(200);
        }

        @Test void a_trailing_slash_is_accepted() { app.api.as(app.admin).get("/api/api-key/").expect(200); }

        @Test void non_admins_are_refused() {
            refusedToNonAdmins("GET", "/api/api-key", null);
            refusedToNonAdmins("GET", "/api/api-key/count", null);
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Update {
        @Test void a_rename_changes_the_name_and_the_updater_but_not_the_key() {
            JsonNode made = create(unique(), ALL_USERS);
            long id = made.get("id").asLong();
            String name = unique();
            JsonNode updated = app.api.as(adminKey).put("/api/api-key/" + id, Map.of("name", name)).expect(200).json();
            assertThat(fields(updated)).isEqualTo(SHAPE);
            assertThat(updated.get("name").asText()).isEqualTo(name);
            assertThat(updated.get("masked_key")).isEqualTo(made.get("masked_key"));
            assertThat(updated.get("updated_by").get("common_name").asText()).startsWith("admin key ");
            app.api.as(TestApp.key(made.get("unmasked_key").asText())).get("/api/user/current").expect(200);
            assertThat(app.api.as(TestApp.key(made.get("unmasked_key").asText())).get("/api/user/current").json()
                    .get("common_name").asText()).isEqualTo(name);
        }

        @Test void a_group_change_moves_the_key_and_an_absent_field_changes_nothing() {
            JsonNode made = create(unique(), ALL_USERS);
            long id = made.get("id").asLong();
            JsonNode updated = app.api.as(app.admin).put("/api/api-key/" + id, Map.of("group_id", ADMINISTRATORS)).expect(200).json();
            assertThat(updated.get("group").toString()).isEqualTo("{\"id\":2,\"name\":\"Administrators\"}");
            assertThat(updated.get("name")).isEqualTo(made.get("name"));
            Map<String, Object> nulls = new HashMap<>();
            nulls.put("name", null);
            nulls.put("group_id", null);
            JsonNode same = app.api.as(app.admin).put("/api/api-key/" + id, nulls).expect(200).json();
            assertThat(same.get("group")).isEqualTo(updated.get("group"));
            assertThat(same.get("name")).isEqualTo(made.get("name"));
        }

        @Test void a_duplicate_name_is_a_clear_400_not_a_500() {
            String taken = unique();
            create(taken, ALL_USERS);
            long id = create(unique(), ALL_USERS).get("id").asLong();
            assertThat(app.api.as(app.admin).put("/api/api-key/" + id, Map.of("name", taken.toUpperCase())).expect(400).text())
                    .isEqualTo("{\"errors\":{\"name\":\"An API key with this name already exists.\"}}");
        }

        @Test void renaming_a_key_to_its_own_name_in_another_case_is_allowed() {
            String name = unique();
            long id = create(name, ALL_USERS).get("id").asLong();
            assertThat(app.api.as(app.admin).put("/api/api-key/" + id, Map.of("name", name.toUpperCase())).expect(200).json()
                    .get("name").asText()).isEqualTo(name.toUpperCase());
        }

        @Test void bad_fields_unknown_groups_and_long_names_are_400() {
            long id = create(unique(), ALL_USERS).get("id").asLong();
            app.api.as(app.admin).put("/api/api-key/" + id, Map.of("name", "")).expect(400);
            app.api.as(app.admin).put("/api/api-key/" + id, Map.of("group_id", -1)).expect(400);
            assertThat(app.api.as(app.admin).put("/api/api-key/" + id, Map.of("group_id", 424242)).expect(400).json()
                    .get("errors").get("group_id").asText()).contains("does not exist");
            app.api.as(app.admin).put("/api/api-key/" + id, Map.of("name", "n".repeat(255))).expect(400);
            app.api.as(app.admin).put("/api/api-key/abc", Map.of("name", unique())).expect(400);
        }

        @Test void an_unknown_key_is_404() {
            assertThat(app.api.as(app.admin).put("/api/api-key/987654", Map.of("name", unique())).expect(404).text()).isEqualTo("Not found.");
        }

        @Test void non_admins_are_refused() {
            long id = create(unique(), ALL_USERS).get("id").asLong();
            refusedToNonAdmins("PUT", "/api/api-key/" + id, Map.of("name", unique()));
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Regenerate {
        @Test void a_new_key_works_at_once_and_the_old_one_is_dead_at_once() {
            JsonNode made = create(unique(), ALL_USERS);
            String old = made.get("unmasked_key").asText();
            long userId = currentUserIdOf(old);
            JsonNode again = app.api.as(app.admin).put("/api/api-key/" + made.get("id").asLong() + "/regenerate", Map.of()).expect(200).json();
            assertThat(fields(again)).isEqualTo(SHAPE_WITH_KEY);
            String fresh = again.get("unmasked_key").asText();
            assertThat(fresh).isNotEqualTo(old);
            assertThat(again.get("masked_key").asText()).isEqualTo(ApiKeySecrets.mask(ApiKeySecrets.parse(fresh).keyId()));
            assertThat(again.get("name")).isEqualTo(made.get("name"));
            assertThat(again.get("group")).isEqualTo(made.get("group"));
            assertThat(app.api.as(TestApp.key(old)).get("/api/user/current").expect(401).text()).isEqualTo("Unauthenticated");
            assertThat(currentUserIdOf(fresh)).isEqualTo(userId);
        }

        @Test void an_admin_group_key_may_regenerate_a_key() {
            long id = create(unique(), ALL_USERS).get("id").asLong();
            String fresh = app.api.as(adminKey).put("/api/api-key/" + id + "/regenerate", Map.of()).expect(200).json()
                    .get("unmasked_key").asText();
            app.api.withKey(fresh).get("/api/user/current").expect(200);
        }

        @Test void a_request_without_a_body_is_accepted() {
            long id = create(unique(), ALL_USERS).get("id").asLong();
            app.api.as(app.admin).put("/api/api-key/" + id + "/regenerate", null).expect(200);
        }

        @Test void an_unknown_key_is_404_and_a_bad_id_400() {
            app.api.as(app.admin).put("/api/api-key/987654/regenerate", Map.of()).expect(404);
            app.api.as(app.admin).put("/api/api-key/0/regenerate", Map.of()).expect(400);
        }

        @Test void non_admins_are_refused() {
            long id = create(unique(), ALL_USERS).get("id").asLong();
            refusedToNonAdmins("PUT", "/api/api-key/" + id + "/regenerate", Map.of());
        }
    }

    @Nested @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Delete {
        @Test void a_deleted_key_is_gone_from_list_and_count_and_can_no_longer_be_used() {
            JsonNode made = create(unique(), ALL_USERS);
            long id = made.get("id").asLong();
            Api.Caller key = TestApp.key(made.get("unmasked_key").asText());
            app.api.as(key).get("/api/user/current").expect(200);
            long before = count();
            assertThat(app.api.as(app.admin).delete("/api/api-key/" + id).expect(204).text()).isEmpty();
            assertThat(app.api.as(key).get("/api/user/current").expect(401).text()).isEqualTo("Unauthenticated");
            assertThat(count()).isEqualTo(before - 1);
            assertThat(app.api.as(app.admin).get("/api/api-key").json().toString()).doesNotContain("\"id\":" + id + ",");
            assertThat(app.api.as(app.admin).delete("/api/api-key/" + id).expect(404).text()).isEqualTo("Not found.");
        }

        @Test void a_bad_id_is_400() { app.api.as(app.admin).delete("/api/api-key/x").expect(400); }

        @Test void non_admins_are_refused() {
            long id = create(unique(), ALL_USERS).get("id").asLong();
            refusedToNonAdmins("DELETE", "/api/api-key/" + id, null);
            app.api.as(adminKey).delete("/api/api-key/" + id).expect(204);
        }
    }

    static long count() { return Long.parseLong(app.api.as(app.admin).get("/api/api-key/count").expect(200).text()); }

    static long currentUserIdOf(String key) {
        return app.api.as(TestApp.key(key)).get("/api/user/current").expect(200).json().get("id").asLong();
    }
}
