package dev.latchkey.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    private JsonValues() {}

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
