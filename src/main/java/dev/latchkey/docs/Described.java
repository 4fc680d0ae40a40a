package dev.latchkey.docs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.apikeys.ApiKeyView;
import dev.latchkey.apikeys.NewApiKeyView;
import dev.latchkey.groups.GroupDetailView;
import dev.latchkey.groups.GroupRef;
import dev.latchkey.groups.GroupView;
import dev.latchkey.groups.MemberView;
import dev.latchkey.groups.MembershipView;
import dev.latchkey.people.CurrentUserView;
import dev.latchkey.people.PersonView;
import dev.latchkey.people.PersonPage;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * The operations documented beyond what the route table says: a summary, the request body's schema and the
 * response's Java type (its schema is derived from it). Keyed by "METHOD path" exactly as the routes are
 * registered; a key naming no route fails the docs test, so this table cannot describe a route that is gone.
 */
final class Described {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A documented operation: response null means 204 No Content. */
    record Op(String summary, ObjectNode body, Type response) {}

    private Described() {}

    static final Map<String, Op> OPS = Map.ofEntries(
            Map.entry("GET /api/api-key", new Op("List API keys", null, types(List.class, ApiKeyView.class))),
            Map.entry("GET /api/api-key/count", new Op("Count API keys", null, long.class)),
            Map.entry("POST /api/api-key", new Op("Create an API key; the response holds the key, shown this once",
                    body(Map.of("name", name(), "group_id", id()), "name", "group_id"), NewApiKeyView.class)),
            Map.entry("PUT /api/api-key/{id}", new Op("Rename an API key or move it to another group",
                    body(Map.of("name", name(), "group_id", id())), ApiKeyView.class)),
            Map.entry("PUT /api/api-key/{id}/regenerate", new Op("Replace the key's secret; the old key stops working", null, NewApiKeyView.class)),
            Map.entry("DELETE /api/api-key/{id}", new Op("Delete an API key (its user is deactivated)", null, null)),

            Map.entry("GET /api/user/current", new Op("The caller", null, CurrentUserView.class)),
            Map.entry("GET /api/user", new Op("List people (paged when limit is given)", null, PersonPage.class)),
            Map.entry("GET /api/user/{id}", new Op("One person (admins, or the person themself)", null, PersonView.class)),
            Map.entry("POST /api/user", new Op("Create a person", body(Map.of("email", string("email"), "first_name", nullableString(),
                    "last_name", nullableString(), "password", nullableString(), "group_ids", ids(),
                    "user_group_memberships", memberships(), "login_attributes", F.objectNode().put("type", "object")), "email"), PersonView.class)),
            Map.entry("PUT /api/user/{id}", new Op("Change a person's names, email, admin flag, groups or locale",
                    body(Map.of("email", string("email"), "first_name", nullableString(), "last_name", nullableString(),
                            "is_superuser", bool(), "locale", nullableString(), "user_group_memberships", memberships(),
                            "login_attributes", F.objectNode().put("type", "object"))), PersonView.class)),
            Map.entry("DELETE /api/user/{id}", new Op("Deactivate a person", null, Success.class)),
            Map.entry("PUT /api/user/{id}/reactivate", new Op("Reactivate a person", null, PersonView.class)),

            Map.entry("GET /api/permissions/group", new Op("List groups with their member counts", null, types(List.class, GroupView.class))),
            Map.entry("GET /api/permissions/group/{id}", new Op("One group with its members", null, GroupDetailView.class)),
            Map.entry("POST /api/permissions/group", new Op("Create a group", body(Map.of("name", name()), "name"), GroupRef.class)),
            Map.entry("PUT /api/permissions/group/{id}", new Op("Rename a group", body(Map.of("name", name()), "name"), GroupRef.class)),
            Map.entry("DELETE /api/permissions/group/{id}", new Op("Delete a group", null, null)),

            Map.entry("GET /api/permissions/membership", new Op("Every membership, by user id", null,
                    types(Map.class, String.class, types(List.class, MembershipView.class)))),
            Map.entry("POST /api/permissions/membership", new Op("Add a person to a group; returns the group's members",
                    body(Map.of("group_id", id(), "user_id", id(), "is_group_manager", bool()), "group_id", "user_id"),
                    types(List.class, MemberView.class))),
            Map.entry("DELETE /api/permissions/membership/{id}", new Op("Remove a membership", null, null)),
            Map.entry("PUT /api/permissions/membership/{group_id}/clear", new Op("Remove every member of a group", null, null)));

    /** DELETE /api/user/:id answers {"success": true}. */
    record Success(boolean success) {}

    private static ObjectNode body(Map<String, ObjectNode> properties, String... required) {
        ObjectNode s = F.objectNode().put("type", "object");
        ObjectNode props = s.putObject("properties");
        new java.util.TreeMap<>(properties).forEach(props::set);
        var req = s.putArray("required");
        for (String r : required) req.add(r);
        return s;
    }

    private static ObjectNode name() { return F.objectNode().put("type", "string").put("minLength", 1).put("maxLength", ApiKeyService.MAX_NAME); }

    private static ObjectNode id() { return F.objectNode().put("type", "integer").put("minimum", 1); }

    private static ObjectNode bool() { return F.objectNode().put("type", "boolean"); }

    private static ObjectNode string(String format) { return F.objectNode().put("type", "string").put("format", format); }

    private static ObjectNode nullableString() {
        ObjectNode s = F.objectNode();
        s.putArray("type").add("string").add("null");
        return s;
    }

    private static ObjectNode ids() {
        ObjectNode s = F.objectNode().put("type", "array");
        s.set("items", id());
        return s;
    }

    private static ObjectNode memberships() {
        ObjectNode item = F.objectNode().put("type", "object");
        item.putObject("properties").set("id", id());
        item.putArray("required").add("id");
        ObjectNode s = F.objectNode().put("type", "array");
        s.set("items", item);
        return s;
    }

    private static Type types(Class<?> raw, Type... args) {
        return com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().constructParametricType(raw,
                java.util.Arrays.stream(args).map(a -> com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().constructType(a))
                        .toArray(com.fasterxml.jackson.databind.JavaType[]::new));
    }
}
