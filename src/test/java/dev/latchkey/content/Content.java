package dev.latchkey.content;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Seeding helpers for content tests: everything goes through the API as the admin. */
public final class Content {
    public static final long ALL_USERS = 1;
    public static final long ADMINISTRATORS = 2;

    private final TestApp app;

    public Content(TestApp app) { this.app = app; }

    public long collection(String name, Long parentId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        if (parentId != null) body.put("parent_id", parentId);
        return app.api.as(app.admin).post("/api/collection", body).expect(200).json().get("id").asLong();
    }

    public long card(String name, Long collectionId) {
        return app.api.as(app.admin).post("/api/card", cardBody(name, collectionId)).expect(200).json().get("id").asLong();
    }

    public static Map<String, Object> cardBody(String name, Long collectionId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("display", "table");
        body.put("dataset_query", Map.of("database", 1, "type", "native", "native", Map.of("query", "SELECT 1")));
        body.put("visualization_settings", Map.of());
        body.put("collection_id", collectionId);
        return body;
    }

    public long dashboard(String name, Long collectionId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("collection_id", collectionId);
        return app.api.as(app.admin).post("/api/dashboard", body).expect(200).json().get("id").asLong();
    }

    /** Sets one cell of the permission graph (collectionId null = root) at the current revision. */
    public JsonNode grant(long groupId, Long collectionId, String level) {
        long revision = app.api.as(app.admin).get("/api/collection/graph").expect(200).json().get("revision").asLong();
        String key = collectionId == null ? "root" : String.valueOf(collectionId);
        return app.api.as(app.admin).put("/api/collection/graph", Map.of("revision", revision,
                "groups", Map.of(String.valueOf(groupId), Map.of(key, level)))).expect(200).json();
    }

    public String level(long groupId, Long collectionId) {
        JsonNode graph = app.api.as(app.admin).get("/api/collection/graph").expect(200).json();
        return graph.get("groups").get(String.valueOf(groupId)).get(collectionId == null ? "root" : String.valueOf(collectionId)).asText();
    }

    /** Every id in a GET /api/collection/tree answer, depth first. */
    public static List<Long> treeIds(JsonNode nodes) {
        List<Long> out = new java.util.ArrayList<>();
        for (JsonNode n : nodes) {
            out.add(n.get("id").asLong());
            if (n.get("children").isArray()) out.addAll(treeIds(n.get("children")));
        }
        return out;
    }

    public static List<Long> ids(JsonNode array) {
        List<Long> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asLong()));
        return out;
    }

    public static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    public Api.Caller admin() { return app.admin; }
}
