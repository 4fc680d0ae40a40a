package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.latchkey.support.TestApp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An instance's content as the admin sees it through the API, keyed by entity_id, with every numeric id
 * replaced by the entity_id (or email) it points to, so two instances can be compared entity by entity.
 * Personal collections (each instance has its own) are left out.
 */
final class ContentState {
    private final TestApp app;
    private final Map<Long, String> collectionEids = new HashMap<>();
    private final Map<Long, String> cardEids = new HashMap<>();
    final Map<String, Map<String, Object>> collections = new TreeMap<>();
    final Map<String, Map<String, Object>> cards = new TreeMap<>();
    final Map<String, Map<String, Object>> dashboards = new TreeMap<>();

    private ContentState(TestApp app) {
        this.app = app;
        readCollections();
        readCards();
        readDashboards();
    }

    static ContentState of(TestApp app) { return new ContentState(app); }

    /** Everything, as one comparable map. */
    Map<String, Object> all() {
        Map<String, Object> out = new TreeMap<>();
        out.put("collections", collections);
        out.put("cards", cards);
        out.put("dashboards", dashboards);
        return out;
    }

    static Map<String, Map<String, Object>> collections(TestApp app) { return of(app).collections; }

    private JsonNode get(String path) { return app.api.as(app.admin).get(path).expect(200).json(); }

    private void readCollections() {
        Map<Long, JsonNode> byId = new HashMap<>();
        for (String archived : new String[]{"false", "true"}) {
            for (JsonNode c : get("/api/collection?archived=" + archived)) {
                if (c.get("id").isNumber()) collectionEids.put(c.get("id").asLong(), c.get("entity_id").asText());
                if (c.get("id").isNumber() && !c.path("is_personal").asBoolean()) byId.put(c.get("id").asLong(), c);
            }
        }
        for (JsonNode c : byId.values()) {
            Map<String, Object> fields = pick(c, "name", "description", "color", "slug", "namespace", "authority_level", "type",
                    "archived", "created_at");
            String[] ancestors = c.get("location").asText().split("/");
            String parent = ancestors.length == 0 ? "" : ancestors[ancestors.length - 1];
            fields.put("parent", parent.isEmpty() ? null : collectionEids.get(Long.parseLong(parent)));
            collections.put(c.get("entity_id").asText(), fields);
        }
    }

    private void readCards() {
        List<JsonNode> all = new ArrayList<>();
        for (String f : new String[]{"all", "archived"}) get("/api/card?f=" + f).forEach(all::add);
        all.forEach(c -> cardEids.put(c.get("id").asLong(), c.get("entity_id").asText()));
        for (JsonNode c : all) {
            Map<String, Object> fields = pick(c, "name", "description", "display", "type", "visualization_settings",
                    "result_metadata", "query_type", "collection_position", "collection_preview", "archived", "created_at",
                    "cache_ttl", "enable_embedding", "embedding_params");
            fields.put("parameters", parameters(c.get("parameters")));
            fields.put("dataset_query", cardRefs(c.get("dataset_query").deepCopy()).toString());
            fields.put("parameter_mappings", mappings(c.get("parameter_mappings")));
            fields.put("collection", collection(c.get("collection_id")));
            fields.put("creator", c.path("creator").path("email").asText());
            cards.put(c.get("entity_id").asText(), fields);
        }
    }

    private void readDashboards() {
        List<JsonNode> all = new ArrayList<>();
        for (String f : new String[]{"all", "archived"}) get("/api/dashboard?f=" + f).forEach(all::add);
        for (JsonNode listed : all) {
            JsonNode d = get("/api/dashboard/" + listed.get("id").asLong());
            Map<String, Object> fields = pick(d, "name", "description", "collection_position", "caveats",
                    "points_of_interest", "show_in_getting_started", "position", "enable_embedding", "embedding_params",
                    "cache_ttl", "auto_apply_filters", "width", "archived", "created_at");
            fields.put("collection", collection(d.get("collection_id")));
            fields.put("creator", d.path("creator").path("email").asText());
            fields.put("parameters", parameters(d.get("parameters")));
            Map<Long, String> tabEids = new HashMap<>();
            List<String> tabs = new ArrayList<>();
            for (JsonNode t : d.get("tabs")) {
                tabEids.put(t.get("id").asLong(), t.get("entity_id").asText());
                tabs.add(t.get("entity_id").asText() + " " + t.get("name").asText() + " @" + t.get("position").asInt());
            }
            fields.put("tabs", tabs);
            Map<String, Object> dashcards = new TreeMap<>();
            for (JsonNode dc : d.get("dashcards")) dashcards.put(dc.get("entity_id").asText(), dashcard(dc, tabEids));
            fields.put("dashcards", dashcards);
            dashboards.put(d.get("entity_id").asText(), fields);
        }
    }

    private Map<String, Object> dashcard(JsonNode dc, Map<Long, String> tabEids) {
        Map<String, Object> out = pick(dc, "row", "col", "size_x", "size_y", "visualization_settings", "action_id");
        out.put("card", dc.get("card_id").isNull() ? null : cardEids.get(dc.get("card_id").asLong()));
        out.put("tab", dc.get("dashboard_tab_id").isNull() ? null : tabEids.get(dc.get("dashboard_tab_id").asLong()));
        List<String> series = new ArrayList<>();
        for (JsonNode s : dc.get("series")) series.add(cardEids.get(s.get("id").asLong()));
        out.put("series", series);
        out.put("parameter_mappings", mappings(dc.get("parameter_mappings")));
        return out;
    }

    private String collection(JsonNode id) { return id == null || id.isNull() ? null : collectionEids.get(id.asLong()); }

    /** source-table "card__N" becomes "card__<entity id>", so queries compare across instances. */
    private JsonNode cardRefs(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(f -> {
                String v = f.getValue().asText();
                if (f.getKey().equals("source-table") && v.startsWith("card__")) {
                    f.setValue(TextNode.valueOf("card__" + cardEids.get(Long.parseLong(v.substring(6)))));
                } else {
                    cardRefs(f.getValue());
                }
            });
        } else if (node instanceof ArrayNode a) {
            a.forEach(this::cardRefs);
        }
        return node;
    }

    private String mappings(JsonNode list) {
        JsonNode copy = list.deepCopy();
        for (JsonNode m : copy) {
            if (m instanceof ObjectNode o && o.path("card_id").isIntegralNumber() && cardEids.containsKey(o.get("card_id").asLong())) {
                o.put("card_id", cardEids.get(o.get("card_id").asLong()));
            }
        }
        return copy.toString();
    }

    /** A parameter's values_source_config.card_id becomes the card's entity id. */
    private String parameters(JsonNode list) {
        JsonNode copy = list.deepCopy();
        for (JsonNode p : copy) {
            if (p.get("values_source_config") instanceof ObjectNode config && config.path("card_id").isIntegralNumber()) {
                config.put("card_id", cardEids.get(config.get("card_id").asLong()));
            }
        }
        return copy.toString();
    }

    private static Map<String, Object> pick(JsonNode n, String... keys) {
        Map<String, Object> out = new TreeMap<>();
        for (String k : keys) {
            JsonNode v = n.get(k);
            out.put(k, v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
        }
        return out;
    }
}
