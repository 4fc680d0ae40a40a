package dev.latchkey.serialization;

import dev.latchkey.core.AppError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an export includes: Metabase's query parameters of POST /api/ee/serialization/export (reference §10),
 * also used by the CLI. {@code collections} empty means "every collection" unless {@code allCollections} is
 * false; {@code dirname} null means the default {@code <site-name slug>-<yyyy-MM-dd_HH-mm>}.
 */
public record ExportOptions(List<CollectionRef> collections, boolean allCollections, boolean settings,
                            boolean dataModel, boolean fieldValues, boolean databaseSecrets, String dirname) {

    /** A collection named by numeric id or by {@code eid:<21-character entity id>}. */
    public record CollectionRef(Long id, String entityId) {
        @Override public String toString() { return id != null ? String.valueOf(id) : "eid:" + entityId; }
    }

    static final String COLLECTION_MESSAGE =
            "nullable sequence of value must be an integer greater than zero., or value must be string with `eid:<...>` prefix";
    static final String DIRNAME_MESSAGE =
            "value must be a name of ASCII letters, digits, '.', '_' or '-' (not first), at most 100 characters.";
    private static final Pattern EID_REF = Pattern.compile("^eid:(.{21})$");
    private static final Pattern DIRNAME = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$");

    public ExportOptions {
        collections = List.copyOf(collections);
    }

    /** Everything, Metabase's defaults: all collections, settings and data model; no field values or secrets. */
    public static ExportOptions defaults() {
        return new ExportOptions(List.of(), true, true, true, false, false, null);
    }

    /** Parses the query parameters; each bad value is a 400 naming the parameter. Null booleans take defaults. */
    public static ExportOptions parse(List<String> collection, Boolean allCollections, Boolean settings, Boolean dataModel,
                                      Boolean fieldValues, Boolean databaseSecrets, String dirname) {
        List<CollectionRef> refs = new ArrayList<>();
        for (String raw : collection) refs.add(collectionRef(raw));
        if (dirname != null && !DIRNAME.matcher(dirname).matches()) {
            throw AppError.invalid("dirname", DIRNAME_MESSAGE, dirname);
        }
        return new ExportOptions(refs, allCollections == null || allCollections, settings == null || settings,
                dataModel == null || dataModel, fieldValues != null && fieldValues, databaseSecrets != null && databaseSecrets,
                dirname);
    }

    /** True when no collection (and nothing in one) is to be exported. */
    boolean noCollections() { return collections.isEmpty() && !allCollections; }

    private static CollectionRef collectionRef(String raw) {
        String value = raw == null ? "" : raw.trim();
        var eid = EID_REF.matcher(value);
        if (eid.matches()) return new CollectionRef(null, eid.group(1));
        try {
            long id = Long.parseLong(value);
            if (id > 0) return new CollectionRef(id, null);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw AppError.invalid("collection", COLLECTION_MESSAGE, raw);
    }
}
