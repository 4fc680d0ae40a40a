package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Random;

/** Hand-made export documents for import tests, in Metabase's shape; tweak the returned node to break them. */
final class Docs {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Random RANDOM = new Random();

    private Docs() {}

    static String eid() {
        String alphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 21; i++) s.append(alphabet.charAt(RANDOM.nextInt(64)));
        return s.toString();
    }

    static ObjectNode collection(String eid, String name, String parent) {
        ObjectNode n = F.objectNode().put("name", name).put("entity_id", eid).put("archived", false).put("parent_id", parent);
        return meta(n, eid, "Collection");
    }

    static ObjectNode card(String eid, String name, String collection, String creator) {
        ObjectNode n = F.objectNode().put("name", name).put("entity_id", eid).put("display", "table")
                .put("collection_id", collection).put("creator_id", creator).put("type", "question");
        n.putObject("dataset_query").put("database", 1).put("type", "native").putObject("native").put("query", "SELECT 1");
        n.putObject("visualization_settings");
        return meta(n, eid, "Card");
    }

    static ObjectNode dashboard(String eid, String name, String collection, String card) {
        ObjectNode n = F.objectNode().put("name", name).put("entity_id", eid).put("collection_id", collection)
                .put("creator_id", "crowberto@metabase.com");
        n.putArray("tabs");
        ObjectNode dc = n.putArray("dashcards").addObject().put("entity_id", eid()).put("card_id", card)
                .put("row", 0).put("col", 0).put("size_x", 4).put("size_y", 4);
        dc.putNull("dashboard_tab_id");
        return meta(n, eid, "Dashboard");
    }

    static String yaml(ObjectNode n) { return new String(Yaml.write(n), java.nio.charset.StandardCharsets.UTF_8); }

    private static ObjectNode meta(ObjectNode n, String eid, String model) {
        n.putArray("serdes/meta").addObject().put("id", eid).put("label", FileNames.label(n.get("name").asText())).put("model", model);
        return n;
    }
}
