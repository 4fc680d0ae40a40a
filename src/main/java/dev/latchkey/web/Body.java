package dev.latchkey.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.AppError;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed JSON request body with Metabase's validation messages. Every accessor either returns a value
 * of the right type or throws a 400 naming the field, so handlers never see a wrong type.
 */
public final class Body {
    public static final String NON_BLANK = "value must be a non-blank string.";
    public static final String POSITIVE_INT = "value must be an integer greater than zero.";
    public static final String BOOLEAN = "value must be a boolean.";
    public static final String EMAIL = "value must be a valid email address.";
    /** PostgreSQL cannot store U+0000 in text; refusing it everywhere keeps the three databases alike. */
    public static final String NO_NUL = "value must be a string without NUL characters.";
    private static final Pattern EMAIL_RE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final ObjectNode node;

    private Body(ObjectNode node) { this.node = node; }

    public static Body parse(Context ctx, ObjectMapper mapper) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) return new Body(JsonNodeFactory.instance.objectNode());
        JsonNode parsed;
        try {
            parsed = mapper.readTree(bytes);
        } catch (Exception e) {
            throw AppError.badRequest("Malformed JSON in request body.");
        }
        if (parsed == null || parsed.isNull() || parsed.isMissingNode()) return new Body(JsonNodeFactory.instance.objectNode());
        if (!parsed.isObject()) throw AppError.badRequest("The request body must be a JSON object.");
        return new Body((ObjectNode) parsed);
    }

    public static Body of(ObjectNode node) { return new Body(node); }

    public ObjectNode json() { return node; }

    /** True when the field is present, even if null. */
    public boolean has(String field) { return node.has(field); }

    public boolean isNull(String field) { return !node.has(field) || node.get(field).isNull(); }

    public JsonNode get(String field) { return node.get(field); }

    public String requiredNonBlank(String field) {
        String value = optionalNonBlank(field);
        if (value == null) throw AppError.invalid(field, NON_BLANK, null);
        return value;
    }

    /** Null when absent or null; 400 when present but not a non-blank string. */
    public String optionalNonBlank(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.asText().isBlank()) throw AppError.invalid(field, NON_BLANK, raw(v));
        return withoutNul(field, v.asText());
    }

    /** Null when absent or null; any string (blank allowed) otherwise. */
    public String optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw AppError.invalid(field, "value must be a string.", raw(v));
        return withoutNul(field, v.asText());
    }

    public long requiredPositiveInt(String field) {
        Long value = optionalPositiveInt(field);
        if (value == null) throw AppError.invalid(field, POSITIVE_INT, null);
        return value;
    }

    public Long optionalPositiveInt(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) throw AppError.invalid(field, POSITIVE_INT, raw(v));
        return v.asLong();
    }

    public Boolean optionalBoolean(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw AppError.invalid(field, BOOLEAN, raw(v));
        return v.asBoolean();
    }

    public String optionalEmail(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.asText().length() > 254 || !EMAIL_RE.matcher(v.asText()).matches()) {
            throw AppError.invalid(field, EMAIL, raw(v));
        }
        return withoutNul(field, v.asText());
    }

    public String requiredEmail(String field) {
        String value = optionalEmail(field);
        if (value == null) throw AppError.invalid(field, EMAIL, null);
        return value;
    }

    /** A list of positive integers, or null when absent/null. */
    public List<Long> optionalIdList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        String message = "value must be an array of integers greater than zero.";
        if (!v.isArray()) throw AppError.invalid(field, message, raw(v));
        List<Long> ids = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isIntegralNumber() || !e.canConvertToLong() || e.asLong() <= 0) throw AppError.invalid(field, message, raw(v));
            ids.add(e.asLong());
        }
        return ids;
    }

    /** Rejects strings longer than the column can hold, with a clear 400 rather than a database error. */
    public static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw AppError.invalid(field, "value must be a string of at most " + max + " characters.", value.substring(0, 20) + "…");
        }
        return value;
    }

    /** The text itself, or a 400 when it holds U+0000 (see NO_NUL). */
    public static String withoutNul(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) throw AppError.invalid(field, NO_NUL, value.replace("\0", "\\u0000"));
        return value;
    }

    private static Object raw(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }
}
