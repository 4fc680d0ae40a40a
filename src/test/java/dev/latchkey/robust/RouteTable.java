package dev.latchkey.robust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.support.TestApp;

import java.util.List;
import java.util.Map;

import static dev.latchkey.robust.Spec.obj;
import static dev.latchkey.robust.Spec.route;
import static dev.latchkey.web.Access.ADMIN;
import static dev.latchkey.web.Access.AUTHENTICATED;
import static dev.latchkey.web.Access.KEY_CHECK;
import static dev.latchkey.web.Access.PUBLIC;

/**
 * Every route of the app, in one table: what a valid request looks like and which inputs to corrupt. The test
 * compares it with the routes the running app registered, so a new route without a row here fails the build.
 */
final class RouteTable {
    private RouteTable() {}

    private static final String PASSWORD = TestApp.PASSWORD;

    static final List<Spec> ALL = List.of(
            route("GET", "/api/health", PUBLIC),
            route("GET", "/api/session/properties", PUBLIC),
            route("GET", "/api/docs", PUBLIC),
            route("GET", "/api/docs/openapi.json", PUBLIC),
            route("GET", "/api/docs/assets/{file}", PUBLIC).params((f, who) -> Map.of("file", "init.js")),
            route("POST", "/api/setup", PUBLIC).body(f -> obj("token", "not-the-setup-token",
                    "user", obj("email", "setup@example.com", "first_name", "Set", "last_name", "Up", "password", PASSWORD),
                    "prefs", obj("site_name", "Hostile"), "remember", false),
                    "user.email", "user.first_name", "user.last_name", "user.password", "user.site_name", "prefs.site_name"),
            route("POST", "/api/session", PUBLIC).body(f -> obj("username", "nobody@example.com", "password", "wrong", "remember", false)),
            route("DELETE", "/api/session", PUBLIC),
            // forward authentication answers every method a proxy forwards, also under Envoy's appended path
            route("GET", "/api/auth/verify", KEY_CHECK), route("POST", "/api/auth/verify", KEY_CHECK),
            route("PUT", "/api/auth/verify", KEY_CHECK), route("PATCH", "/api/auth/verify", KEY_CHECK),
            route("DELETE", "/api/auth/verify", KEY_CHECK),
            route("GET", "/api/auth/verify/<path>", KEY_CHECK).params((f, who) -> Map.of("path", "orders/42")),
            route("POST", "/api/auth/verify/<path>", KEY_CHECK).params((f, who) -> Map.of("path", "orders/42")),
            route("PUT", "/api/auth/verify/<path>", KEY_CHECK).params((f, who) -> Map.of("path", "orders/42")),
            route("PATCH", "/api/auth/verify/<path>", KEY_CHECK).params((f, who) -> Map.of("path", "orders/42")),
            route("DELETE", "/api/auth/verify/<path>", KEY_CHECK).params((f, who) -> Map.of("path", "orders/42")),

            route("GET", "/api/user/current", AUTHENTICATED),
            route("GET", "/api/user", ADMIN).query("status", "include_deactivated", "query", "group_id", "limit", "offset"),
            route("GET", "/api/user/{id}", AUTHENTICATED).id(f -> f.person("read")),
            route("POST", "/api/user", ADMIN).body(f -> obj("email", f.unique("new").replace(' ', '.') + "@example.com",
                    "first_name", "New", "last_name", "Person", "password", PASSWORD, "group_ids", List.of(1),
                    "login_attributes", Map.of("team", "a")), "user_group_memberships"),
            // A member edits themself (so the handler's own rules run), an admin edits someone else.
            route("PUT", "/api/user/{id}", AUTHENTICATED).params((f, who) -> Map.of("id",
                    String.valueOf(who == Spec.Who.MEMBER ? f.memberId() : f.person("edit"))))
                    .body(f -> obj("first_name", "Vic", "last_name", "Tim", "locale", "en", "login_attributes", Map.of("k", "v")),
                            "email", "is_superuser", "user_group_memberships"),
            route("PUT", "/api/user/{id}/password", AUTHENTICATED).id(f -> f.person("password"))
                    .body(f -> obj("password", "An0ther-Passw0rd!", "old_password", PASSWORD)),
            route("DELETE", "/api/user/{id}", ADMIN).id(f -> f.person("deactivate")),
            route("PUT", "/api/user/{id}/reactivate", ADMIN).id(f -> f.deactivatedPerson("reactivate")),

            route("GET", "/api/permissions/group", ADMIN).query("limit", "offset"),
            route("GET", "/api/permissions/group/{id}", ADMIN).id(f -> f.group("read")),
            route("POST", "/api/permissions/group", ADMIN).body(f -> obj("name", f.unique("Group"))),
            route("PUT", "/api/permissions/group/{id}", ADMIN).id(f -> f.group("rename")).body(f -> obj("name", f.unique("Group"))),
            route("DELETE", "/api/permissions/group/{id}", ADMIN).id(f -> f.group("delete")),
            route("GET", "/api/permissions/membership", ADMIN),
            route("POST", "/api/permissions/membership", ADMIN).body(f -> obj("group_id", f.group("join"),
                    "user_id", f.person("join"), "is_group_manager", false)),
            route("DELETE", "/api/permissions/membership/{id}", ADMIN).id(f -> f.membership("remove")),
            route("PUT", "/api/permissions/membership/{group_id}/clear", ADMIN).param("group_id", f -> f.group("clear")),

            route("GET", "/api/api-key", ADMIN),
            route("GET", "/api/api-key/count", ADMIN),
            route("GET", "/api/api-key/policy", ADMIN),
            route("POST", "/api/api-key", ADMIN).body(f -> obj("name", f.unique("Key"), "group_id", 1, "expires_at", "2099-01-01T00:00:00Z")),
            route("PUT", "/api/api-key/{id}", ADMIN).id(f -> f.apiKey("edit"))
                    .body(f -> obj("name", f.unique("Key"), "group_id", 1, "expires_at", "2099-01-01T00:00:00Z")),
            route("PUT", "/api/api-key/{id}/regenerate", ADMIN).id(f -> f.apiKey("regenerate")).body(f -> obj("grace_seconds", 60)),
            route("GET", "/api/api-key/{id}/usage", ADMIN).id(f -> f.apiKey("usage")).query("days"),
            route("DELETE", "/api/api-key/{id}", ADMIN).id(f -> f.apiKey("delete")),
            route("GET", "/api/api-key/{id}/permissions", ADMIN).id(f -> f.apiKey("permissions")),
            route("GET", "/api/user/current/api-key", AUTHENTICATED),
            route("POST", "/api/user/current/api-key", AUTHENTICATED).body(f -> obj("name", f.unique("Personal key"))),
            route("PUT", "/api/user/current/api-key/{id}/regenerate", AUTHENTICATED).id(f -> f.apiKey("personal regenerate")),
            route("DELETE", "/api/user/current/api-key/{id}", AUTHENTICATED).id(f -> f.apiKey("personal delete")),

            route("GET", "/api/audit-log", ADMIN).query("model", "model_id", "topic", "limit", "offset"),

            route("GET", "/api/collection/graph", ADMIN).query("namespace"),
            route("PUT", "/api/collection/graph", ADMIN).body(f -> obj("revision", f.revision(),
                    "groups", Map.of("1", Map.of(String.valueOf(f.collection("graph")), "read"))), "namespace", "groups.1")
                    .extra(f -> graphBodies(f)),
            route("GET", "/api/collection", AUTHENTICATED).query("archived", "exclude-other-user-collections", "namespace", "personal-only"),
            route("GET", "/api/collection/tree", AUTHENTICATED)
                    .query("exclude-archived", "exclude-other-user-collections", "namespace", "shallow", "collection-id"),
            route("GET", "/api/collection/{id}", AUTHENTICATED).id(f -> f.collection("read")).root("id"),
            route("POST", "/api/collection", AUTHENTICATED).body(f -> obj("name", f.unique("Collection"), "description", "d",
                    "parent_id", f.collection("parent"), "color", "#509EE3"), "namespace", "authority_level"),
            route("PUT", "/api/collection/{id}", AUTHENTICATED).id(f -> f.collection("edit")).body(f -> obj("name", f.unique("Collection"),
                    "description", "d", "color", "#509EE3"), "archived", "parent_id", "authority_level")
                    .extra(f -> List.of(obj("parent_id", f.collection("edit")), obj("archived", true, "parent_id", f.collection("parent")))),
            route("GET", "/api/collection/{id}/items", AUTHENTICATED).id(f -> f.collection("items")).root("id")
                    .query("models", "archived", "pinned_state", "sort_column", "sort_direction", "limit", "offset"),

            route("GET", "/api/card", AUTHENTICATED).query("f", "model_id"),
            route("POST", "/api/card", AUTHENTICATED).body(f -> card(f, f.unique("Card")), "description", "collection_position",
                    "cache_ttl", "type", "parameters", "parameter_mappings", "result_metadata", "dataset").extra(RouteTable::queryBodies),
            route("POST", "/api/card/collections", AUTHENTICATED).body(f -> obj("card_ids", List.of(f.card("move")),
                    "collection_id", f.collection("move to"))),
            route("GET", "/api/card/{id}", AUTHENTICATED).id(f -> f.card("read")),
            route("PUT", "/api/card/{id}", AUTHENTICATED).id(f -> f.card("edit")).body(f -> card(f, f.unique("Card")),
                    "collection_preview", "parameters", "dataset", "description", "archived", "collection_position",
                    "result_metadata", "enable_embedding", "type", "embedding_params", "cache_ttl", "parameter_mappings")
                    .extra(RouteTable::queryBodies),
            route("DELETE", "/api/card/{id}", AUTHENTICATED).id(f -> f.card("delete")),
            route("POST", "/api/card/{id}/copy", AUTHENTICATED).id(f -> f.card("copy")),

            route("GET", "/api/dashboard", AUTHENTICATED).query("f"),
            route("POST", "/api/dashboard", AUTHENTICATED).body(f -> obj("name", f.unique("Dashboard"), "description", "d",
                    "parameters", List.of(), "collection_id", f.collection("dashboards"), "collection_position", 1, "cache_ttl", 60)),
            route("GET", "/api/dashboard/{id}", AUTHENTICATED).id(f -> f.dashboard("read")),
            route("PUT", "/api/dashboard/{id}", AUTHENTICATED).id(f -> f.dashboard("edit")).body(f -> obj("name", f.unique("Dashboard"),
                    "dashcards", List.of(dashcard(-1, f.card("on dashboard"))), "tabs", List.of()),
                    "description", "archived", "parameters", "collection_id", "collection_position", "width", "caveats",
                    "points_of_interest", "embedding_params", "cache_ttl", "position", "auto_apply_filters",
                    "show_in_getting_started", "enable_embedding").extra(RouteTable::dashcardBodies),
            route("PUT", "/api/dashboard/{id}/cards", AUTHENTICATED).id(f -> f.dashboard("cards")).body(f -> obj(
                    "cards", List.of(dashcard(-1, f.card("on dashboard"))), "tabs", List.of())),
            route("DELETE", "/api/dashboard/{id}", AUTHENTICATED).id(f -> f.dashboard("delete")),
            route("POST", "/api/dashboard/{id}/copy", AUTHENTICATED).id(f -> f.dashboard("copy")).body(f -> obj("name", f.unique("Copy"),
                    "description", "d", "collection_id", f.collection("copies"), "is_deep_copy", false), "collection_position"),

            route("GET", "/api/search", AUTHENTICATED).query("q", "models", "archived", "created_by", "last_edited_by",
                    "filter_items_in_personal_collection", "search_native_query", "limit", "offset"),

            route("GET", "/api/setting", ADMIN),
            route("PUT", "/api/setting", ADMIN).body(f -> obj("site-name", f.unique("Site"), "start-of-week", "monday"),
                    "site-url", "site-locale", "admin-email", "report-timezone", "enable-password-login"),
            route("GET", "/api/setting/{key}", ADMIN).params((f, who) -> Map.of("key", "site-name")),
            route("PUT", "/api/setting/{key}", ADMIN).params((f, who) -> Map.of("key", "site-locale")).body(f -> obj("value", "en")),

            route("POST", "/api/ee/serialization/export", ADMIN).query("collection", "all_collections", "settings", "data_model",
                    "field_values", "database_secrets", "dirname"),
            route("POST", "/api/ee/serialization/import", ADMIN).query("continue_on_error"));

    static ObjectNode card(Fixtures f, String name) {
        return obj("name", name, "display", "table", "dataset_query", Map.of("database", 1, "type", "native",
                "native", Map.of("query", "SELECT 1")), "visualization_settings", Map.of(), "collection_id", f.collection("cards"));
    }

    static Map<String, Object> dashcard(long id, long cardId) {
        return Map.of("id", id, "card_id", cardId, "row", 0, "col", 0, "size_x", 4, "size_y", 4);
    }

    /** Cards whose dataset_query carries strange values in the parts that are read out of it and stored apart. */
    private static List<ObjectNode> queryBodies(Fixtures f) {
        List<ObjectNode> out = new java.util.ArrayList<>();
        for (Object type : List.of("a\u0000b", "t".repeat(10_000), 42, Map.of())) {
            out.add(card(f, f.unique("Card")).set("dataset_query", obj("database", 1, "type", type)));
        }
        for (Object db : List.of(new java.math.BigInteger("9223372036854775808"), Long.MAX_VALUE, -1, "1", 1.5)) {
            out.add(card(f, f.unique("Card")).set("dataset_query", obj("database", db, "type", "native")));
        }
        return out;
    }

    /** Graph cells that name things that do not exist or levels that are not levels. */
    private static List<ObjectNode> graphBodies(Fixtures f) {
        long r = f.revision(), c = f.collection("graph");
        return List.of(
                obj("revision", r, "groups", Map.of("99999999", Map.of("root", "read"))),
                obj("revision", r, "groups", Map.of("1", Map.of("99999999", "read"))),
                obj("revision", r, "groups", Map.of("abc", Map.of("root", "read"))),
                obj("revision", r, "groups", Map.of("1", Map.of("abc", "read"))),
                obj("revision", r, "groups", Map.of("1", Map.of(String.valueOf(c), "admin"))),
                obj("revision", r, "groups", Map.of("1", Map.of(String.valueOf(c), List.of("read")))),
                obj("revision", r, "groups", Map.of("2", Map.of(String.valueOf(c), "none"))),
                obj("revision", r, "groups", Map.of("-1", Map.of("root", "read"))),
                obj("revision", r, "groups", Map.of("9223372036854775808", Map.of("root", "read"))),
                obj("revision", r + 1000, "groups", Map.of("1", Map.of("root", "read"))));
    }

    /** Dashcards and tabs with unknown ids, wrong types and impossible grid positions. */
    private static List<ObjectNode> dashcardBodies(Fixtures f) {
        long card = f.card("on dashboard");
        Map<String, Object> base = dashcard(-1, card);
        List<Object> bad = List.of(
                with(base, "card_id", 99999999), with(base, "card_id", "x"), with(base, "size_x", 9223372036854775807L),
                with(base, "row", -1), with(base, "dashboard_tab_id", 99999999), with(base, "dashboard_tab_id", -5),
                with(base, "series", List.of(99999999)), with(base, "series", List.of(Map.of("id", "x"))),
                with(base, "parameter_mappings", List.of(Map.of("parameter_id", "p"))), with(base, "visualization_settings", "x"),
                with(base, "id", 99999999), with(base, "action_id", 99999999), with(base, "entity_id", 42));
        List<ObjectNode> out = new java.util.ArrayList<>();
        for (Object d : bad) out.add(obj("dashcards", List.of(d)));
        out.add(obj("dashcards", List.of(base, base)));
        out.add(obj("tabs", List.of(Map.of("id", 99999999, "name", "Gone"))));
        out.add(obj("tabs", List.of(Map.of("id", -1, "name", "x".repeat(10_000)))));
        out.add(obj("tabs", List.of(Map.of("id", -1, "name", "a\u0000b"))));
        out.add(obj("tabs", List.of(Map.of("id", -1, "name", "T")), "dashcards", List.of(with(base, "dashboard_tab_id", -2))));
        return out;
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(m);
        copy.put(k, v);
        return copy;
    }
}
