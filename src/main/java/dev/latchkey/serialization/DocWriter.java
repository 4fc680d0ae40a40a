package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Portable content to YAML documents and their paths, in Metabase's v2 layout and key order (reference §7):
 * collections/<eid>_<slug>/<eid>_<slug>.yaml, with a collection's cards/ and dashboards/ folders inside its
 * own folder, and root items under collections/cards/ and collections/dashboards/.
 */
final class DocWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Map<String, Portable.Collection> collections;

    /** {@code collections}: every collection by entity_id, to lay out folders (exported or not). */
    DocWriter(Map<String, Portable.Collection> collections) {
        this.collections = collections;
    }

    record Doc(String path, ObjectNode node) {}

    Doc collection(Portable.Collection c) {
        ObjectNode n = F.objectNode();
        n.put("name", c.name());
        n.put("description", c.description());
        n.put("entity_id", c.entityId());
        n.put("slug", c.slug());
        n.put("color", c.color());
        n.put("created_at", time(c.createdAt()));
        n.put("archived", c.archived());
        n.put("type", c.type());
        n.put("authority_level", c.authorityLevel());
        n.put("namespace", c.namespace());
        n.put("personal_owner_id", c.personalOwner());
        n.put("parent_id", c.parentId());
        meta(n, Portable.COLLECTION, c.entityId(), c.slug());
        String folder = folder(c.entityId());
        return new Doc(folder + "/" + FileNames.segment(c.entityId(), c.slug()) + ".yaml", n);
    }

    Doc card(Portable.Card c) {
        ObjectNode n = F.objectNode();
        n.put("name", c.name());
        n.put("description", c.description());
        n.put("entity_id", c.entityId());
        n.put("created_at", time(c.createdAt()));
        n.put("creator_id", c.creator());
        n.put("display", c.display());
        n.put("archived", c.archived());
        n.put("collection_id", c.collectionId());
        n.put("collection_position", c.collectionPosition());
        n.put("collection_preview", c.collectionPreview());
        n.put("query_type", c.queryType());
        n.put("dataset", "model".equals(c.type()));
        n.put("type", c.type());
        n.put("database_id", c.databaseId());
        n.put("table_id", c.tableId());
        n.put("cache_ttl", c.cacheTtl());
        n.put("enable_embedding", c.enableEmbedding());
        n.set("embedding_params", json(c.embeddingParams()));
        n.put("made_public_by_id", c.madePublicBy());
        n.put("public_uuid", c.publicUuid());
        n.set("parameters", json(c.parameters()));
        n.set("parameter_mappings", json(c.parameterMappings()));
        n.set("dataset_query", json(c.datasetQuery()));
        n.set("result_metadata", json(c.resultMetadata()));
        n.set("visualization_settings", json(c.visualizationSettings()));
        String label = FileNames.label(c.name());
        meta(n, Portable.CARD, c.entityId(), label);
        return new Doc(itemFolder(c.collectionId(), "cards") + "/" + FileNames.segment(c.entityId(), label) + ".yaml", n);
    }

    Doc dashboard(Portable.Dashboard d) {
        ObjectNode n = F.objectNode();
        n.put("name", d.name());
        n.put("description", d.description());
        n.put("entity_id", d.entityId());
        n.put("created_at", time(d.createdAt()));
        n.put("creator_id", d.creator());
        n.put("archived", d.archived());
        n.put("collection_id", d.collectionId());
        n.put("collection_position", d.collectionPosition());
        n.put("auto_apply_filters", d.autoApplyFilters());
        n.put("cache_ttl", d.cacheTtl());
        n.put("caveats", d.caveats());
        n.put("points_of_interest", d.pointsOfInterest());
        n.put("position", d.position());
        n.put("show_in_getting_started", d.showInGettingStarted());
        n.put("enable_embedding", d.enableEmbedding());
        n.set("embedding_params", json(d.embeddingParams()));
        n.put("made_public_by_id", d.madePublicBy());
        n.put("public_uuid", d.publicUuid());
        n.put("width", d.width());
        n.set("parameters", json(d.parameters()));
        ArrayNode tabs = n.putArray("tabs");
        for (Portable.Tab t : d.tabs()) tabs.add(tab(t));
        ArrayNode dashcards = n.putArray("dashcards");
        for (Portable.Dashcard dc : d.dashcards()) dashcards.add(dashcard(d.entityId(), dc));
        String label = FileNames.label(d.name());
        meta(n, Portable.DASHBOARD, d.entityId(), label);
        return new Doc(itemFolder(d.collectionId(), "dashboards") + "/" + FileNames.segment(d.entityId(), label) + ".yaml", n);
    }

    private static ObjectNode tab(Portable.Tab t) {
        ObjectNode n = F.objectNode();
        n.put("entity_id", t.entityId());
        n.put("name", t.name());
        n.put("position", t.position());
        n.put("created_at", time(t.createdAt()));
        return n;
    }

    private static ObjectNode dashcard(String dashboardEid, Portable.Dashcard d) {
        ObjectNode n = F.objectNode();
        n.put("entity_id", d.entityId());
        n.put("card_id", d.cardId());
        n.put("action_id", d.actionId());
        if (d.tabId() == null) n.putNull("dashboard_tab_id");
        else n.putArray("dashboard_tab_id").add(dashboardEid).add(d.tabId());
        n.put("row", d.row());
        n.put("col", d.col());
        n.put("size_x", d.sizeX());
        n.put("size_y", d.sizeY());
        ArrayNode series = n.putArray("series");
        for (String card : d.series()) series.addObject().put("card_id", card);
        n.set("parameter_mappings", json(d.parameterMappings()));
        n.set("visualization_settings", json(d.visualizationSettings()));
        n.put("created_at", time(d.createdAt()));
        return n;
    }

    /** "collections/<eid>_<slug>/…" for a collection's own folder: one segment per ancestor, then itself. */
    private String folder(String collectionEid) {
        List<String> segments = new ArrayList<>();
        String eid = collectionEid;
        for (int depth = 0; eid != null && depth < 1000; depth++) {
            Portable.Collection c = collections.get(eid);
            if (c == null) break;
            segments.add(FileNames.segment(c.entityId(), c.slug()));
            eid = c.parentId();
        }
        Collections.reverse(segments);
        return "collections" + (segments.isEmpty() ? "" : "/" + String.join("/", segments));
    }

    private String itemFolder(String collectionEid, String kind) {
        return (collectionEid == null ? "collections" : folder(collectionEid)) + "/" + kind;
    }

    private static void meta(ObjectNode n, String model, String entityId, String label) {
        ObjectNode m = n.putArray("serdes/meta").addObject();
        m.put("id", entityId);
        m.put("label", label);
        m.put("model", model);
    }

    static String time(long epochMillis) { return Instant.ofEpochMilli(epochMillis).toString(); }

    private static JsonNode json(JsonNode value) { return value == null ? F.nullNode() : value; }
}
