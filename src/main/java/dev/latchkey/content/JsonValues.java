package dev.latchkey.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Json;

/**
 * Stored JSON (dataset_query, visualization_settings, parameters, ...): validated for shape on the way in,
 * kept as text, and sent back as the same JSON tree, so clients get exactly what they saved.
 */
public final class JsonValues {
    public static final String MAP = "Value must be a map.";
    public static final String EMPTY_MAP = "{}";
    public static final String EMPTY_LIST = "[]";

    /**
     * What an import can read back: a YAML file of at most 8 MB nested at most 64 levels (serialization's Yaml and
     * Archive limits). A saved question or dashboard is exported as one file shaped like the request body, so a body
     * nested deeper than {@value #MAX_DEPTH} levels or whose YAML could exceed {@value #MAX_PORTABLE_BYTES} bytes is
     * refused here: what can be saved can be exported and imported again.
     */
    public static final int MAX_DEPTH = 60;
    public static final long MAX_PORTABLE_BYTES = 7L << 20;

    private JsonValues() {}

    /** 400 naming the first top-level field that makes the body too deep or too large to export and import again. */
    public static void requirePortable(ObjectNode body) {
        long total = 0;
        for (var it = body.fields(); it.hasNext(); ) {
            var field = it.next();
            if (depth(field.getValue(), 0) > MAX_DEPTH - 1) {
                throw AppError.invalid(field.getKey(), "value must be nested at most " + (MAX_DEPTH - 1)
                        + " levels deep, or it could not be exported and imported again.", "(nested too deeply)");
            }
            total += fieldBound(field.getKey(), field.getValue());
            if (total > MAX_PORTABLE_BYTES) {
                throw AppError.invalid(field.getKey(), "value is too large: at most " + (MAX_PORTABLE_BYTES >> 20)
                        + " MB in all, or it could not be exported and imported again.", "(too large)");
            }
        }
    }

    /** An upper bound on the size of the body written as a block-style YAML document (what an export writes). */
    public static long exportBound(ObjectNode body) {
        long total = 0;
        for (var it = body.fields(); it.hasNext(); ) {
            var field = it.next();
            total += fieldBound(field.getKey(), field.getValue());
        }
        return total;
    }

    private static long fieldBound(String key, JsonNode value) { return yamlBytes(key, 0) + 3 + yamlBytes(value, 2); }

    private static int depth(JsonNode node, int above) {
        if (!node.isContainerNode()) return above;
        if (above > MAX_DEPTH) return above; // deep enough to refuse; do not walk a hostile tree further
        int max = above + 1;
        for (JsonNode child : node) max = Math.max(max, depth(child, above + 1));
        return max;
    }

    /** An upper bound on the node's block-style YAML: indentation, keys, quoting and escapes included. */
    private static long yamlBytes(JsonNode node, int indent) {
        if (node.isObject()) {
            long sum = 0;
            for (var it = node.fields(); it.hasNext(); ) {
                var f = it.next();
                sum += indent + yamlBytes(f.getKey(), indent) + 3 + yamlBytes(f.getValue(), indent + 2);
            }
            return sum + 3;
        }
        if (node.isArray()) {
            long sum = 0;
            for (JsonNode e : node) sum += indent + 3 + yamlBytes(e, indent + 2);
            return sum + 3;
        }
        return node.isTextual() ? yamlBytes(node.asText(), indent) : node.asText().length() + 3;
    }

    private static long yamlBytes(String text, int indent) {
        long sum = 3;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') sum += 1 + indent + 2;
            else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029 || c == 0xfeff) sum += 10;
            else sum += c < 0x80 ? 1 : 3;
        }
        return sum;
    }

    /** The field as a JSON object's text; 400 with Metabase's message when it is not an object. */
    public static String requireMap(String field, JsonNode value) {
        if (value == null || !value.isObject()) throw AppError.invalid(field, MAP, value == null ? null : value.toString());
        return Json.write(value);
    }

    /** An array of maps each carrying the given keys (Metabase's parameter and parameter_mapping schemas). */
    public static String requireMapList(String field, JsonNode value, String message, String... keys) {
        if (value == null || !value.isArray()) throw AppError.invalid(field, message, value == null ? null : value.toString());
        for (JsonNode e : value) {
            if (!e.isObject()) throw AppError.invalid(field, message, value.toString());
            for (String k : keys) {
                if (!e.hasNonNull(k)) throw AppError.invalid(field, message, value.toString());
            }
        }
        return Json.write(value);
    }

    /** Any JSON value's text (for free-form fields such as result_metadata and embedding_params). */
    public static String write(JsonNode value) { return value == null || value.isNull() ? null : Json.write(value); }

    /** The stored text back as a JSON tree; null stays null. */
    public static JsonNode read(String text) {
        return text == null ? JsonNodeFactory.instance.nullNode() : Json.read(text);
    }
}
