package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Typed reads of one YAML document's keys. Every bad value is a {@link Rejected} naming the file and the key,
 * and every bound the database would enforce (lengths, ranges, formats) is checked here first, so an import
 * never reaches the database with a value it would refuse.
 */
final class Fields {
    static final Pattern ENTITY_ID = Pattern.compile("^[A-Za-z0-9_-]{21}$");

    private final String file;
    private final ObjectNode node;

    Fields(String file, ObjectNode node) {
        this.file = file;
        this.node = node;
    }

    String file() { return file; }

    Rejected problem(String key, String message) { return new Rejected(file, key + ": " + message); }

    JsonNode raw(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    String entityId(String key, boolean required) {
        String v = text(key, 21, required);
        if (v != null && !ENTITY_ID.matcher(v).matches()) throw problem(key, "not an entity id (21 characters of A-Z, a-z, 0-9, _ or -)");
        return v;
    }

    String text(String key, int maxLength, boolean required) {
        JsonNode v = raw(key);
        if (v == null) {
            if (required) throw problem(key, "required");
            return null;
        }
        if (!v.isValueNode() || v.isBinary()) throw problem(key, "must be text");
        String s = v.asText();
        if (required && s.isBlank()) throw problem(key, "must not be blank");
        if (s.length() > maxLength) throw problem(key, "longer than " + maxLength + " characters");
        // PostgreSQL refuses U+0000 in text; naming the field here beats its encoding error, on every database alike.
        if (s.indexOf('\0') >= 0) throw problem(key, "must not contain NUL characters");
        return s;
    }

    /** Unbounded text (descriptions, caveats). */
    String longText(String key) { return text(key, Integer.MAX_VALUE, false); }

    String oneOf(String key, boolean required, String... allowed) {
        String v = text(key, 64, required);
        if (v == null) return null;
        for (String a : allowed) if (a.equals(v)) return v;
        throw problem(key, "must be one of " + String.join(", ", allowed));
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null) return fallback;
        if (v.isBoolean()) return v.asBoolean();
        throw problem(key, "must be true or false");
    }

    Integer integer(String key, int min, boolean required) {
        JsonNode v = raw(key);
        if (v == null) {
            if (required) throw problem(key, "required");
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) throw problem(key, "must be a whole number of at least " + min);
        return v.asInt();
    }

    Long longValue(String key) {
        JsonNode v = raw(key);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) return null; // e.g. a database *name* from Metabase: not ours to keep
        return v.asLong();
    }

    /** An ISO-8601 time; absent means "now" (Metabase fills created_at the same way). */
    long time(String key) {
        JsonNode v = raw(key);
        if (v == null) return System.currentTimeMillis();
        if (v.isNumber() && !(v.isIntegralNumber() && v.canConvertToLong())) throw problem(key, "not an ISO-8601 time");
        try {
            return v.isIntegralNumber() ? v.asLong() : OffsetDateTime.parse(v.asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v.asText()).toEpochMilli();
            } catch (DateTimeParseException again) {
                throw problem(key, "not an ISO-8601 time");
            }
        }
    }

    JsonNode map(String key, boolean nullable) {
        JsonNode v = raw(key);
        if (v == null) {
            if (nullable) return null;
            throw problem(key, "must be a map");
        }
        if (!v.isObject()) throw problem(key, "must be a map");
        return v;
    }

    /** A list; absent or null gives an empty list. */
    JsonNode list(String key) {
        JsonNode v = raw(key);
        if (v == null) return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        if (!v.isArray()) throw problem(key, "must be a list");
        return v;
    }
}
