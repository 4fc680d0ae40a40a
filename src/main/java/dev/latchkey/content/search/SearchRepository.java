package dev.latchkey.content.search;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for listing questions and dashboards by collection and by name, across both tables. Returns light rows
 * (no visualization settings); decides nothing. Name matching is case-insensitive on every database.
 */
final class SearchRepository {
    private static final String CARD_COLUMNS = "id, entity_id, name, description, collection_id, collection_position, display, "
            + "archived, creator_id, last_editor_id, created_at, updated_at, dataset_query, database_id, collection_preview, card_type";
    private static final String DASHBOARD_COLUMNS = "id, entity_id, name, description, collection_id, collection_position, "
            + "NULL AS display, archived, creator_id, last_editor_id, created_at, updated_at, NULL AS dataset_query, "
            + "NULL AS database_id, FALSE AS collection_preview, 'dashboard' AS card_type";

    /** A question, model or dashboard as listings and search show it. `model` is card, dataset or dashboard. */
    record Entry(String model, long id, String entityId, String name, String description, Long collectionId,
                 Integer collectionPosition, String display, boolean archived, long creatorId, Long lastEditorId,
                 long createdAt, long updatedAt, String datasetQuery, Long databaseId, boolean collectionPreview) {}

    private static final RowMapper<Entry> ENTRY = (rs, ctx) -> new Entry(model(rs.getString("card_type")), rs.getLong("id"),
            rs.getString("entity_id"), rs.getString("name"), rs.getString("description"), rs.getObject("collection_id", Long.class),
            rs.getObject("collection_position", Integer.class), rs.getString("display"), rs.getBoolean("archived"),
            rs.getLong("creator_id"), rs.getObject("last_editor_id", Long.class), rs.getLong("created_at"),
            rs.getLong("updated_at"), rs.getString("dataset_query"), longOrNull(rs.getObject("database_id")),
            rs.getBoolean("collection_preview"));

    /** The dashboards' NULL column is untyped (text on PostgreSQL), so read any number and nothing else. */
    private static Long longOrNull(Object value) { return value instanceof Number n ? n.longValue() : null; }

    /** Questions and models directly in one collection (null = root). */
    List<Entry> cardsIn(Handle h, Long collectionId, boolean archived) {
        return in(h, "SELECT " + CARD_COLUMNS + " FROM report_card", collectionId, archived);
    }

    List<Entry> dashboardsIn(Handle h, Long collectionId, boolean archived) {
        return in(h, "SELECT " + DASHBOARD_COLUMNS + " FROM report_dashboard", collectionId, archived);
    }

    /**
     * Questions whose name or description contains `term` (lower-case), anywhere; with `nativeQueries`, every native
     * question too (its query text is JSON inside dataset_query, so the caller matches it after parsing).
     */
    List<Entry> cardsMatching(Handle h, String term, boolean archived, boolean nativeQueries) {
        return matching(h, "SELECT " + CARD_COLUMNS + " FROM report_card", term, archived,
                nativeQueries ? "LOWER(description) LIKE :p ESCAPE '!' OR query_type = 'native'" : "LOWER(description) LIKE :p ESCAPE '!'");
    }

    List<Entry> dashboardsMatching(Handle h, String term, boolean archived) {
        return matching(h, "SELECT " + DASHBOARD_COLUMNS + " FROM report_dashboard", term, archived, null);
    }

    /** How many dashcards show each card. */
    Map<Long, Long> dashcardCounts(Handle h) {
        Map<Long, Long> out = new HashMap<>();
        h.createQuery("SELECT card_id, COUNT(*) FROM report_dashboardcard WHERE card_id IS NOT NULL GROUP BY card_id")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).forEach(p -> out.put(p[0], p[1]));
        return out;
    }

    private static List<Entry> in(Handle h, String select, Long collectionId, boolean archived) {
        Query q = collectionId == null
                ? h.createQuery(select + " WHERE collection_id IS NULL AND archived = :a")
                : h.createQuery(select + " WHERE collection_id = :c AND archived = :a").bind("c", collectionId);
        return q.bind("a", archived).map(ENTRY).list();
    }

    /** `orElse`: what else may match besides the name (null: nothing). */
    private static List<Entry> matching(Handle h, String select, String term, boolean archived, String orElse) {
        if (term == null) return h.createQuery(select + " WHERE archived = :a").bind("a", archived).map(ENTRY).list();
        String where = orElse != null ? "(LOWER(name) LIKE :p ESCAPE '!' OR " + orElse + ")" : "LOWER(name) LIKE :p ESCAPE '!'";
        return h.createQuery(select + " WHERE archived = :a AND " + where).bind("a", archived)
                .bind("p", "%" + escape(term) + "%").map(ENTRY).list();
    }

    private static String escape(String term) { return term.replace("!", "!!").replace("%", "!%").replace("_", "!_"); }

    private static String model(String cardType) {
        return switch (cardType) {
            case "dashboard" -> "dashboard";
            case "model" -> "dataset";
            default -> "card";
        };
    }
}
