package dev.latchkey.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.AppError;
import dev.latchkey.web.Body;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PUT /api/collection/graph body: the revision it was read at and the cells to set, keyed by group id and
 * collection id (Rights.ROOT for "root"). Cells not mentioned stay as they are.
 */
public record GraphUpdate(Long revision, Map<Long, Map<Long, Level>> groups, String namespace) {
    static final String GROUPS = "value must be a map of group id to a map of collection id or \"root\" to \"read\", \"write\" or \"none\".";

    /** With `force` (PUT …?force=true) the revision may be left out, as in Metabase. */
    public static GraphUpdate parse(Body body, boolean force) {
        JsonNode rev = body.get("revision");
        boolean absent = rev == null || rev.isNull();
        if (!(force && absent) && (absent || !rev.isIntegralNumber() || !rev.canConvertToLong() || rev.asLong() < 0)) {
            throw AppError.invalid("revision", "value must be an integer greater than or equal to 0.", rev == null ? null : rev.toString());
        }
        String namespace = body.optionalNonBlank("namespace");
        JsonNode groups = body.get("groups");
        if (groups == null || !groups.isObject()) throw AppError.invalid("groups", GROUPS, groups == null ? null : groups.toString());
        Map<Long, Map<Long, Level>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> g = it.next();
            if (!g.getValue().isObject()) throw AppError.invalid("groups", GROUPS, g.getValue().toString());
            Map<Long, Level> cells = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> ct = g.getValue().fields(); ct.hasNext(); ) {
                Map.Entry<String, JsonNode> c = ct.next();
                String value = c.getValue().isTextual() ? c.getValue().asText() : c.getValue().toString();
                cells.put(collectionKey(c.getKey()), Level.parse("groups", value));
            }
            out.put(id(g.getKey()), cells);
        }
        return new GraphUpdate(absent ? null : rev.asLong(), out, namespace);
    }

    private static long collectionKey(String key) { return "root".equals(key) ? Rights.ROOT : id(key); }

    private static long id(String key) {
        try {
            long v = Long.parseLong(key);
            if (v > 0) return v;
        } catch (NumberFormatException ignored) {
            // fall through to the 400
        }
        throw AppError.invalid("groups", GROUPS, key);
    }
}
