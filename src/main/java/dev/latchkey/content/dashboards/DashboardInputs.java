package dev.latchkey.content.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Change;
import dev.latchkey.content.JsonValues;
import dev.latchkey.core.AppError;
import dev.latchkey.web.Body;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Request bodies of /api/dashboard, validated in the order Metabase v0.49 lists the params. In `dashcards`
 * and `tabs`, a negative id means "new"; a dashcard's dashboard_tab_id may name a new tab by its negative id.
 */
public final class DashboardInputs {
    static final String PARAMETERS = "nullable sequence of parameter must be a map with :id and :type keys";
    static final String UNIQUE = "value must be seq of maps in which ids are unique";
    static final String WIDTH = "nullable enum of fixed, full";

    private DashboardInputs() {}

    /** A new dashboard; `entityId` is null for API calls, serialization passes the exported one. */
    public record NewDashboard(String name, String description, String parameters, Integer cacheTtl, Long collectionId,
                               Integer collectionPosition, String entityId) {}

    /** A partial update; dashcards / tabs, when present, replace the whole layout. */
    public record DashboardChanges(String parameters, String pointsOfInterest, Change<String> description, Boolean archived,
                                   List<DashcardInput> dashcards, Change<Integer> collectionPosition, List<TabInput> tabs,
                                   Boolean showInGettingStarted, Boolean enableEmbedding, Change<Long> collectionId,
                                   String name, String width, String caveats, String embeddingParams,
                                   Change<Integer> cacheTtl, Change<Integer> position, Boolean autoApplyFilters) {}

    public record DashcardInput(long id, Long cardId, Long actionId, Long dashboardTabId, int row, int col, int sizeX,
                                int sizeY, String parameterMappings, String visualizationSettings, List<Long> series,
                                String entityId) {}

    public record TabInput(long id, String name, String entityId) {}

    public record CopyRequest(String name, Change<String> description, Long collectionId, Integer collectionPosition,
                              boolean deepCopy) {}

    static NewDashboard parseNew(Body b) {
        JsonValues.requirePortable(b.json());
        String name = Body.maxLength("name", b.requiredNonBlank("name"), 254);
        String description = b.optionalString("description");
        String parameters = parameters(b);
        Integer cacheTtl = positiveInt(b, "cache_ttl");
        Long collectionId = b.optionalPositiveInt("collection_id");
        Integer position = positiveInt(b, "collection_position");
        return new NewDashboard(name, description, parameters == null ? JsonValues.EMPTY_LIST : parameters, cacheTtl,
                collectionId, position, null);
    }

    static DashboardChanges parseChanges(Body b) {
        JsonValues.requirePortable(b.json());
        String parameters = parameters(b);
        String poi = b.optionalString("points_of_interest");
        Change<String> description = b.has("description") ? Change.of(b.optionalString("description")) : null;
        Boolean archived = b.optionalBoolean("archived");
        List<DashcardInput> dashcards = b.isNull("dashcards") ? null : withoutEntityIds(dashcards(b.get("dashcards")));
        Change<Integer> position = b.has("collection_position") ? Change.of(positiveInt(b, "collection_position")) : null;
        List<TabInput> tabs = apiTabs(b);
        Boolean gettingStarted = b.optionalBoolean("show_in_getting_started");
        Boolean embedding = b.optionalBoolean("enable_embedding");
        Change<Long> collectionId = b.has("collection_id") ? Change.of(b.optionalPositiveInt("collection_id")) : null;
        String name = Body.maxLength("name", b.optionalNonBlank("name"), 254);
        String width = width(b);
        String caveats = b.optionalString("caveats");
        String embeddingParams = b.isNull("embedding_params") ? null : JsonValues.requireMap("embedding_params", b.get("embedding_params"));
        Change<Integer> cacheTtl = b.has("cache_ttl") ? Change.of(positiveInt(b, "cache_ttl")) : null;
        Change<Integer> dashPosition = b.has("position") ? Change.of(positiveInt(b, "position")) : null;
        Boolean autoApply = b.optionalBoolean("auto_apply_filters");
        return new DashboardChanges(parameters, poi, description, archived, dashcards, position, tabs, gettingStarted,
                embedding, collectionId, name, width, caveats, embeddingParams, cacheTtl, dashPosition, autoApply);
    }

    /**
     * The deprecated v0.49 PUT /api/dashboard/:id/cards: `cards` (required) replaces the dashcards as `dashcards` does
     * in PUT /api/dashboard/:id, `tabs` (optional) the tabs; nothing else changes.
     */
    static DashboardChanges parseCards(Body b) {
        if (b.isNull("cards")) throw AppError.invalid("cards", UNIQUE, null);
        List<DashcardInput> cards = withoutEntityIds(dashcards("cards", b.get("cards")));
        List<TabInput> tabs = apiTabs(b);
        return new DashboardChanges(null, null, null, null, cards, null, tabs, null, null, null, null, null, null, null,
                null, null, null);
    }

    static CopyRequest parseCopy(Body b) {
        String name = Body.maxLength("name", b.optionalNonBlank("name"), 254);
        Change<String> description = b.has("description") ? Change.of(b.optionalString("description")) : null;
        Long collectionId = b.optionalPositiveInt("collection_id");
        Integer position = positiveInt(b, "collection_position");
        Boolean deep = b.optionalBoolean("is_deep_copy");
        return new CopyRequest(name, description, collectionId, position, Boolean.TRUE.equals(deep));
    }

    /**
     * The dashboard after a PUT's scalar fields: description, position, collection_id, collection_position and
     * cache_ttl apply when present (even null), the others only when non-null. Archiving here is "directly".
     */
    static Dashboard apply(Dashboard d, DashboardChanges ch, long editorId) {
        boolean archived = ch.archived() != null ? ch.archived() : d.archived();
        boolean archiveChanged = archived != d.archived();
        return new Dashboard(d.id(), d.entityId(), or(ch.name(), d.name()), present(ch.description(), d.description()),
                or(ch.parameters(), d.parameters()), present(ch.collectionId(), d.collectionId()),
                present(ch.collectionPosition(), d.collectionPosition()), d.creatorId(), editorId,
                or(ch.pointsOfInterest(), d.pointsOfInterest()), or(ch.caveats(), d.caveats()),
                or(ch.showInGettingStarted(), d.showInGettingStarted()), present(ch.position(), d.position()),
                or(ch.enableEmbedding(), d.enableEmbedding()), or(ch.embeddingParams(), d.embeddingParams()), d.publicUuid(),
                d.madePublicById(), present(ch.cacheTtl(), d.cacheTtl()), or(ch.autoApplyFilters(), d.autoApplyFilters()),
                or(ch.width(), d.width()), archived, archiveChanged ? (archived ? Boolean.TRUE : null) : d.archivedDirectly(),
                archiveChanged ? null : d.archiveOperationId(), d.createdAt(), System.currentTimeMillis());
    }

    private static <T> T or(T value, T fallback) { return value != null ? value : fallback; }

    private static <T> T present(Change<T> change, T fallback) { return change != null ? change.value() : fallback; }

    /** Dashcards as a whole layout: a list of maps with unique integer ids and a valid grid position. */
    public static List<DashcardInput> dashcards(JsonNode v) { return dashcards("dashcards", v); }

    /** The same under another field name (`cards` in the deprecated PUT /api/dashboard/:id/cards). */
    static List<DashcardInput> dashcards(String field, JsonNode v) {
        if (!v.isArray()) throw AppError.invalid(field, UNIQUE, v.toString());
        List<DashcardInput> out = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        for (JsonNode d : v) {
            if (!d.isObject() || !isLong(d.get("id")) || !ids.add(d.get("id").asLong())) throw AppError.invalid(field, UNIQUE, v.toString());
            int sizeX = intAtLeast(field, d, "size_x", 1, v), sizeY = intAtLeast(field, d, "size_y", 1, v);
            int row = intAtLeast(field, d, "row", 0, v), col = intAtLeast(field, d, "col", 0, v);
            JsonNode pm = d.get("parameter_mappings"), vs = d.get("visualization_settings");
            String mappings = pm == null || pm.isNull() ? JsonValues.EMPTY_LIST
                    : JsonValues.requireMapList(field, pm, UNIQUE, "parameter_id");
            String viz = vs == null || vs.isNull() ? JsonValues.EMPTY_MAP : JsonValues.requireMap(field, vs);
            out.add(new DashcardInput(d.get("id").asLong(), positiveOrNull(field, d, "card_id", v), positiveOrNull(field, d, "action_id", v),
                    isLong(d.get("dashboard_tab_id")) ? d.get("dashboard_tab_id").asLong() : null, row, col, sizeX, sizeY,
                    mappings, viz, series(field, d.get("series"), v), text(d.get("entity_id"))));
        }
        return out;
    }

    public static List<TabInput> tabs(JsonNode v) {
        if (!v.isArray()) throw AppError.invalid("tabs", UNIQUE, v.toString());
        List<TabInput> out = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        for (JsonNode t : v) {
            if (!t.isObject() || !isLong(t.get("id")) || !ids.add(t.get("id").asLong())) throw AppError.invalid("tabs", UNIQUE, v.toString());
            JsonNode name = t.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 254) {
                throw AppError.invalid("tabs", "each tab needs a non-blank name of at most 254 characters.", v.toString());
            }
            out.add(new TabInput(t.get("id").asLong(), Body.withoutNul("tabs", name.asText()), text(t.get("entity_id"))));
        }
        return out;
    }

    /** `tabs` of an API request (null when absent), without the entity ids only serialization may set. */
    private static List<TabInput> apiTabs(Body b) {
        return b.isNull("tabs") ? null : tabs(b.get("tabs")).stream().map(t -> new TabInput(t.id(), t.name(), null)).toList();
    }

    /** API clients may echo entity ids of other dashboards' items; only serialization keeps them. */
    private static List<DashcardInput> withoutEntityIds(List<DashcardInput> in) {
        return in.stream().map(d -> new DashcardInput(d.id(), d.cardId(), d.actionId(), d.dashboardTabId(), d.row(), d.col(),
                d.sizeX(), d.sizeY(), d.parameterMappings(), d.visualizationSettings(), d.series(), null)).toList();
    }

    private static List<Long> series(String field, JsonNode s, JsonNode all) {
        List<Long> out = new ArrayList<>();
        if (s == null || s.isNull()) return out;
        if (!s.isArray()) throw AppError.invalid(field, UNIQUE, all.toString());
        for (JsonNode e : s) {
            JsonNode id = e.isObject() ? e.get("id") : e;
            if (!isLong(id) || id.asLong() <= 0) throw AppError.invalid(field, UNIQUE, all.toString());
            out.add(id.asLong());
        }
        return out;
    }

    private static int intAtLeast(String list, JsonNode d, String field, int min, JsonNode all) {
        JsonNode v = d.get(field);
        if (v == null || !v.isInt() || v.asInt() < min) throw AppError.invalid(list, UNIQUE, all.toString());
        return v.asInt();
    }

    private static Long positiveOrNull(String list, JsonNode d, String field, JsonNode all) {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) return null;
        if (!isLong(v) || v.asLong() <= 0) throw AppError.invalid(list, UNIQUE, all.toString());
        return v.asLong();
    }

    private static boolean isLong(JsonNode v) { return v != null && v.isIntegralNumber() && v.canConvertToLong(); }

    private static String text(JsonNode v) { return v != null && v.isTextual() ? v.asText() : null; }

    private static String parameters(Body b) {
        JsonNode v = b.get("parameters");
        return v == null || v.isNull() ? null : JsonValues.requireMapList("parameters", v, PARAMETERS, "id", "type");
    }

    private static String width(Body b) {
        JsonNode v = b.get("width");
        if (v == null || v.isNull()) return null;
        if (v.isTextual() && (v.asText().equals("fixed") || v.asText().equals("full"))) return v.asText();
        throw AppError.invalid("width", WIDTH, v.toString());
    }

    private static Integer positiveInt(Body b, String field) {
        Long v = b.optionalPositiveInt(field);
        if (v != null && v > Integer.MAX_VALUE) throw AppError.invalid(field, Body.POSITIVE_INT, v);
        return v == null ? null : v.intValue();
    }
}
