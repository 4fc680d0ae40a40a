package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card references inside stored JSON, rewritten between numeric ids and entity ids as Metabase does:
 * a query's {@code "source-table": "card__12"} (at any depth: joins, nested queries), a parameter mapping's
 * {@code card_id}, and a parameter's {@code values_source_config.card_id}. Other JSON is left untouched.
 */
final class JsonRefs {
    private static final Pattern CARD_TABLE = Pattern.compile("^card__(\\d+)$");

    private JsonRefs() {}

    /** Export: numeric card ids to entity ids; an id with no known card is left as it is. */
    static JsonNode query(JsonNode query, Function<Long, String> eidOf) {
        return rewriteSourceTables(copy(query), value -> {
            Matcher m = CARD_TABLE.matcher(value);
            return m.matches() ? eidOf.apply(Long.parseLong(m.group(1))) : null;
        });
    }

    /** Import: entity ids to "card__<id>"; every entity id here has been checked to resolve. */
    static JsonNode queryBack(JsonNode query, Function<String, Long> idOf) {
        return rewriteSourceTables(copy(query), value ->
                Fields.ENTITY_ID.matcher(value).matches() && idOf.apply(value) != null ? "card__" + idOf.apply(value) : null);
    }

    /** The card entity ids a query, parameters or mappings refer to (for dependency checks on import). */
    static Set<String> cardRefs(JsonNode query, JsonNode parameters, JsonNode mappings) {
        Set<String> out = new TreeSet<>();
        collectSourceTables(query, out);
        Function<JsonNode, JsonNode> collect = node -> {
            if (node.isTextual() && Fields.ENTITY_ID.matcher(node.asText()).matches()) out.add(node.asText());
            return null;
        };
        cardIds(parameters, true, collect);
        cardIds(mappings, false, collect);
        return out;
    }

    /** Export and import of parameters / parameter_mappings: card_id rewritten by {@code map} (null = keep). */
    static JsonNode cardIds(JsonNode list, boolean inParameters, Function<JsonNode, JsonNode> map) {
        if (list == null || !list.isArray()) return list;
        ArrayNode out = (ArrayNode) copy(list);
        for (JsonNode e : out) {
            ObjectNode holder = holder(e, inParameters);
            if (holder == null || !holder.has("card_id")) continue;
            JsonNode replaced = map.apply(holder.get("card_id"));
            if (replaced != null) holder.set("card_id", replaced);
        }
        return out;
    }

    private static ObjectNode holder(JsonNode element, boolean inParameters) {
        if (!(element instanceof ObjectNode o)) return null;
        if (!inParameters) return o;
        return o.get("values_source_config") instanceof ObjectNode config ? config : null;
    }

    private static JsonNode rewriteSourceTables(JsonNode node, Function<String, String> map) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> fields = o.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("source-table") && field.getValue().isTextual()) {
                    String replaced = map.apply(field.getValue().asText());
                    if (replaced != null) field.setValue(JsonNodeFactory.instance.textNode(replaced));
                } else {
                    rewriteSourceTables(field.getValue(), map);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode e : a) rewriteSourceTables(e, map);
        }
        return node;
    }

    private static void collectSourceTables(JsonNode node, Set<String> out) {
        if (node == null) return;
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("source-table") && field.getValue().isTextual()
                        && Fields.ENTITY_ID.matcher(field.getValue().asText()).matches()) {
                    out.add(field.getValue().asText());
                } else {
                    collectSourceTables(field.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            for (JsonNode e : node) collectSourceTables(e, out);
        }
    }

    private static JsonNode copy(JsonNode node) { return node == null ? null : node.deepCopy(); }
}
