package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An instance's content as seen through the API, keyed by entity_id, with every numeric id replaced by the
 * entity_id it points to, so two instances can be compared entity by entity.
 */
final class ContentState {
    private ContentState() {}

    /** Collections outside personal trees: entity_id to their comparable fields. */
    static Map<String, Map<String, Object>> collections(TestApp app, Api.Caller who) {
        Map<Long, JsonNode> byId = new HashMap<>();
        for (String archived : new String[]{"false", "true"}) {
            for (JsonNode c : app.api.as(who).get("/api/collection?archived=" + archived).expect(200).json()) {
                if (c.get("id").isNumber() && !c.path("is_personal").asBoolean()) byId.put(c.get("id").asLong(), c);
            }
        }
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (JsonNode c : byId.values()) {
            Map<String, Object> fields = new TreeMap<>();
            for (String k : new String[]{"name", "description", "color", "slug", "namespace", "authority_level", "type", "archived", "created_at"}) {
                fields.put(k, c.get(k) == null || c.get(k).isNull() ? null : c.get(k).asText());
            }
            String[] ancestors = c.get("location").asText().split("/");
            String parent = ancestors.length == 0 ? null : ancestors[ancestors.length - 1];
            fields.put("parent", parent == null || parent.isEmpty() ? null : byId.get(Long.parseLong(parent)).get("entity_id").asText());
            out.put(c.get("entity_id").asText(), fields);
        }
        return out;
    }
}
