package dev.latchkey.content.collections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Change;
import dev.latchkey.core.AppError;
import dev.latchkey.web.Body;

import java.util.regex.Pattern;

/** Request bodies of POST and PUT /api/collection, validated in the order Metabase's docs list the params. */
public final class CollectionInputs {
    private static final Pattern COLOR = Pattern.compile("^#[0-9A-Fa-f]{6}$");
    static final String BAD_COLOR = "must be a valid 6-character hex color code";
    static final String AUTHORITY = "value must be \"official\" or null.";

    private CollectionInputs() {}

    /**
     * A new collection. `entityId` is null for API calls (a fresh one is generated); serialization passes the
     * exported one so that the collection keeps its identity.
     */
    public record NewCollection(String name, String description, String color, Long parentId, String namespace,
                                String authorityLevel, String entityId) {}

    /** A partial update; null fields (and null Changes) are left as they are. */
    public record CollectionChanges(String name, Change<String> description, Change<String> color, Boolean archived,
                                    Change<Long> parentId, Change<String> authorityLevel) {
        boolean moves() { return parentId != null; }
    }

    static NewCollection parseNew(Body b) {
        String name = Body.maxLength("name", b.requiredNonBlank("name"), 254);
        String description = b.optionalNonBlank("description");
        Long parentId = b.optionalPositiveInt("parent_id");
        String namespace = Body.maxLength("namespace", b.optionalNonBlank("namespace"), 254);
        String authority = authority(b);
        return new NewCollection(name, description, color(b), parentId, namespace, authority, null);
    }

    static CollectionChanges parseChanges(Body b) {
        String name = Body.maxLength("name", b.optionalNonBlank("name"), 254);
        Change<String> description = b.has("description") ? Change.of(b.optionalNonBlank("description")) : null;
        Boolean archived = booleanish(b, "archived");
        Change<Long> parentId = b.has("parent_id") ? Change.of(b.optionalPositiveInt("parent_id")) : null;
        Change<String> authority = b.has("authority_level") ? Change.of(authority(b)) : null;
        Change<String> color = b.has("color") ? Change.of(color(b)) : null;
        return new CollectionChanges(name, description, color, archived, parentId, authority);
    }

    /** A JSON boolean, or Metabase's boolean strings "true" / "false". */
    static Boolean booleanish(Body b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) return Boolean.valueOf(v.asText());
        throw AppError.invalid(field, "value must be a valid boolean string ('true' or 'false').", v.toString());
    }

    private static String authority(Body b) {
        JsonNode v = b.get("authority_level");
        if (v == null || v.isNull()) return null;
        if (v.isTextual() && v.asText().equals("official")) return "official";
        throw AppError.invalid("authority_level", AUTHORITY, v.toString());
    }

    private static String color(Body b) {
        JsonNode v = b.get("color");
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || !COLOR.matcher(v.asText()).matches()) throw AppError.field("color", BAD_COLOR);
        return v.asText();
    }
}
