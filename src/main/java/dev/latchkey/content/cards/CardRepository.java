package dev.latchkey.content.cards;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for report_card. Decides nothing. */
final class CardRepository {
    private static final String COLUMNS = "id, entity_id, name, description, display, dataset_query, visualization_settings, "
            + "parameters, parameter_mappings, result_metadata, query_type, database_id, table_id, card_type, collection_id, "
            + "collection_position, collection_preview, creator_id, last_editor_id, cache_ttl, enable_embedding, "
            + "embedding_params, public_uuid, made_public_by_id, archived, archived_directly, archive_operation_id, "
            + "created_at, updated_at";

    /** Columns map to the record's components by name (snake_case to camelCase), and the record binds back by them. */
    private static final RowMapper<Card> ROW = ConstructorMapper.of(Card.class);

    long insert(Handle h, Card c) {
        return h.createUpdate("INSERT INTO report_card (entity_id, name, description, display, dataset_query, "
                + "visualization_settings, parameters, parameter_mappings, result_metadata, query_type, database_id, table_id, "
                + "card_type, collection_id, collection_position, collection_preview, creator_id, last_editor_id, cache_ttl, "
                + "enable_embedding, embedding_params, archived, created_at, updated_at) VALUES (:entityId, :name, :description, "
                + ":display, :datasetQuery, :visualizationSettings, :parameters, :parameterMappings, :resultMetadata, :queryType, "
                + ":databaseId, :tableId, :cardType, :collectionId, :collectionPosition, :collectionPreview, :creatorId, "
                + ":lastEditorId, :cacheTtl, :enableEmbedding, :embeddingParams, :archived, :createdAt, :updatedAt)")
                .bindMethods(c).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Writes every changeable column of `c` (archive state included) to its row. */
    void update(Handle h, Card c) {
        h.createUpdate("UPDATE report_card SET name = :name, description = :description, display = :display, "
                + "dataset_query = :datasetQuery, visualization_settings = :visualizationSettings, parameters = :parameters, "
                + "parameter_mappings = :parameterMappings, result_metadata = :resultMetadata, query_type = :queryType, "
                + "database_id = :databaseId, table_id = :tableId, card_type = :cardType, collection_id = :collectionId, "
                + "collection_position = :collectionPosition, collection_preview = :collectionPreview, "
                + "last_editor_id = :lastEditorId, cache_ttl = :cacheTtl, enable_embedding = :enableEmbedding, "
                + "embedding_params = :embeddingParams, archived = :archived, archived_directly = :archivedDirectly, "
                + "archive_operation_id = :archiveOperationId, updated_at = :updatedAt WHERE id = :id").bindMethods(c).execute();
    }

    /** Locks the card rows until the transaction ends, in id order (so two lockers cannot deadlock). */
    void lock(Handle h, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) return;
        h.createQuery("SELECT id FROM report_card WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
                .bindList("ids", List.copyOf(ids)).mapTo(Long.class).list();
    }

    Optional<Card> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM report_card WHERE id = :id").bind("id", id).map(ROW).findOne();
    }

    /** Exact match in Java too: MariaDB's default collation compares case-insensitively. */
    Optional<Card> findByEntityId(Handle h, String entityId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM report_card WHERE entity_id = :e").bind("e", entityId).map(ROW)
                .stream().filter(c -> c.entityId().equals(entityId)).findFirst();
    }

    List<Card> byIds(Handle h, Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return h.createQuery("SELECT " + COLUMNS + " FROM report_card WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .map(ROW).list();
    }

    List<Card> list(Handle h, boolean archived) {
        return h.createQuery("SELECT " + COLUMNS + " FROM report_card WHERE archived = :a ORDER BY id").bind("a", archived)
                .map(ROW).list();
    }

    List<Card> all(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM report_card ORDER BY id").map(ROW).list();
    }

    long dashboardCount(Handle h, long cardId) {
        return h.createQuery("SELECT COUNT(DISTINCT dashboard_id) FROM report_dashboardcard WHERE card_id = :c")
                .bind("c", cardId).mapTo(Long.class).one();
    }

    Map<Long, Long> dashboardCounts(Handle h) {
        Map<Long, Long> out = new HashMap<>();
        h.createQuery("SELECT card_id, COUNT(DISTINCT dashboard_id) FROM report_dashboardcard WHERE card_id IS NOT NULL GROUP BY card_id")
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Removes the card from every dashboard (its dashcards and series entries), then the card itself. */
    void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM dashboardcard_series WHERE card_id = :id OR dashboardcard_id IN "
                + "(SELECT id FROM report_dashboardcard WHERE card_id = :id)").bind("id", id).execute();
        h.createUpdate("DELETE FROM report_dashboardcard WHERE card_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM report_card WHERE id = :id").bind("id", id).execute();
    }
}
