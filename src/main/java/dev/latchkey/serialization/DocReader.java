package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * YAML documents to portable content, checking each key. Keys Latchkey does not store are ignored, as
 * Metabase's import drops keys that are not columns; keys it derives itself (query_type, database_id,
 * table_id) are read but recomputed by the content services.
 */
final class DocReader {
    private DocReader() {}

    static Portable.Collection collection(String file, ObjectNode node) {
        Fields f = fields(file, node);
        String color = f.text("color", 7, false);
        if (color != null && !color.matches("^#[0-9A-Fa-f]{6}$")) throw f.problem("color", "must be a 6-digit hex color like #509EE3");
        return new Portable.Collection(f.entityId("entity_id", true), f.text("name", 254, true), f.longText("description"),
                color, f.text("slug", 510, false), f.entityId("parent_id", false), f.text("namespace", 254, false),
                f.oneOf("authority_level", false, "official"), f.text("type", 32, false), f.bool("archived", false),
                email(f, "personal_owner_id"), f.time("created_at"));
    }

    static Portable.Card card(String file, ObjectNode node) {
        Fields f = fields(file, node);
        String type = f.oneOf("type", false, "question", "model");
        if (type == null) type = f.bool("dataset", false) ? "model" : "question";
        return new Portable.Card(f.entityId("entity_id", true), f.text("name", 254, true), f.longText("description"),
                f.text("display", 254, true), type, f.map("dataset_query", false), mapOrEmpty(f, "visualization_settings"),
                f.list("parameters"), f.list("parameter_mappings"), f.raw("result_metadata"), f.text("query_type", 16, false),
                f.longValue("database_id"), f.longValue("table_id"), f.entityId("collection_id", false),
                f.integer("collection_position", Integer.MIN_VALUE, false), f.bool("collection_preview", true),
                email(f, "creator_id"), positive(f, "cache_ttl"), f.bool("enable_embedding", false), f.raw("embedding_params"),
                f.text("public_uuid", 36, false), email(f, "made_public_by_id"), f.bool("archived", false), f.time("created_at"));
    }

    static Portable.Dashboard dashboard(String file, ObjectNode node) {
        Fields f = fields(file, node);
        String eid = f.entityId("entity_id", true);
        List<Portable.Tab> tabs = tabs(f);
        Set<String> tabIds = new HashSet<>();
        for (Portable.Tab t : tabs) {
            if (!tabIds.add(t.entityId())) throw f.problem("tabs", "tab " + t.entityId() + " appears twice");
        }
        String width = f.oneOf("width", false, "fixed", "full");
        return new Portable.Dashboard(eid, f.text("name", 254, true), f.longText("description"), f.list("parameters"),
                f.entityId("collection_id", false), f.integer("collection_position", Integer.MIN_VALUE, false),
                email(f, "creator_id"), f.longText("caveats"), f.longText("points_of_interest"),
                f.bool("show_in_getting_started", false), f.integer("position", Integer.MIN_VALUE, false),
                f.bool("enable_embedding", false), f.raw("embedding_params"), f.text("public_uuid", 36, false),
                email(f, "made_public_by_id"), positive(f, "cache_ttl"), f.bool("auto_apply_filters", true),
                width == null ? "fixed" : width, f.bool("archived", false), f.time("created_at"), tabs,
                dashcards(f, eid, tabIds));
    }

    private static List<Portable.Tab> tabs(Fields dashboard) {
        List<Portable.Tab> out = new ArrayList<>();
        int i = 0;
        for (JsonNode t : dashboard.list("tabs")) {
            Fields f = nested(dashboard, "tabs[" + i++ + "]", t);
            Integer position = f.integer("position", 0, false);
            out.add(new Portable.Tab(f.entityId("entity_id", true), f.text("name", 254, true),
                    position == null ? out.size() : position, f.time("created_at")));
        }
        return out;
    }

    private static List<Portable.Dashcard> dashcards(Fields dashboard, String dashboardEid, Set<String> tabIds) {
        List<Portable.Dashcard> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode d : dashboard.list("dashcards")) {
            String where = "dashcards[" + i++ + "]";
            Fields f = nested(dashboard, where, d);
            String eid = f.entityId("entity_id", true);
            if (!seen.add(eid)) throw dashboard.problem(where, "dashcard " + eid + " appears twice");
            out.add(new Portable.Dashcard(eid, f.entityId("card_id", false), f.longValue("action_id"),
                    tabRef(f, dashboardEid, tabIds), f.integer("row", 0, true), f.integer("col", 0, true),
                    f.integer("size_x", 1, true), f.integer("size_y", 1, true), series(f),
                    f.list("parameter_mappings"), mapOrEmpty(f, "visualization_settings"), f.time("created_at")));
        }
        if (!tabIds.isEmpty() && out.stream().anyMatch(dc -> dc.tabId() == null)) {
            throw dashboard.problem("dashcards", "This dashboard has tab, makes sure every card has a tab");
        }
        return out;
    }

    /** dashboard_tab_id is the pair [dashboard entity_id, tab entity_id]; the tab must be one of this dashboard's. */
    private static String tabRef(Fields f, String dashboardEid, Set<String> tabIds) {
        JsonNode v = f.raw("dashboard_tab_id");
        if (v == null) return null;
        if (!v.isArray() || v.size() != 2 || !v.get(0).isTextual() || !v.get(1).isTextual()) {
            throw f.problem("dashboard_tab_id", "must be [dashboard entity_id, tab entity_id]");
        }
        if (!v.get(0).asText().equals(dashboardEid) || !tabIds.contains(v.get(1).asText())) {
            throw f.problem("dashboard_tab_id", "refers to tab " + v.get(1).asText() + ", which is not one of this dashboard's tabs");
        }
        return v.get(1).asText();
    }

    private static List<String> series(Fields f) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : f.list("series")) {
            JsonNode card = s.isObject() ? s.get("card_id") : s;
            if (card == null || !card.isTextual() || !Fields.ENTITY_ID.matcher(card.asText()).matches()) {
                throw f.problem("series", "each element must be {card_id: <card entity_id>}");
            }
            out.add(card.asText());
        }
        return out;
    }

    private static Fields fields(String file, ObjectNode node) {
        Fields f = new Fields(file, node);
        String eid = f.entityId("entity_id", true);
        JsonNode meta = node.get("serdes/meta");
        String metaId = meta.get(meta.size() - 1).path("id").asText();
        if (!eid.equals(metaId)) throw f.problem("serdes/meta", "id " + metaId + " differs from entity_id " + eid);
        return f;
    }

    private static Fields nested(Fields parent, String where, JsonNode node) {
        if (!(node instanceof ObjectNode object)) throw parent.problem(where, "must be a map");
        return new Fields(parent.file() + " " + where, object);
    }

    private static JsonNode mapOrEmpty(Fields f, String key) {
        JsonNode v = f.map(key, true);
        return v == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : v;
    }

    private static Integer positive(Fields f, String key) { return f.integer(key, 1, false); }

    private static String email(Fields f, String key) {
        String v = f.text(key, 254, false);
        if (v != null && !v.contains("@")) throw f.problem(key, "must be a person's email address");
        return v;
    }
}
