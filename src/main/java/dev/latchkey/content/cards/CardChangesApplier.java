package dev.latchkey.content.cards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Change;
import dev.latchkey.content.cards.CardInputs.CardChanges;
import dev.latchkey.core.Json;

/**
 * Pure rules of PUT /api/card: which fields apply when present (even null) and which only when non-null,
 * what archiving on its own means, and the fields derived from dataset_query. No database access.
 */
final class CardChangesApplier {
    private CardChangesApplier() {}

    static Card apply(Card c, CardChanges ch, long editorId) {
        String query = or(ch.datasetQuery(), c.datasetQuery());
        JsonNode parsed = Json.read(query);
        String type = ch.cardType() != null ? ch.cardType()
                : ch.dataset() != null && ch.dataset().value() != null ? (ch.dataset().value() ? Card.MODEL : Card.QUESTION)
                : c.cardType();
        String display = Card.MODEL.equals(type) && !Card.MODEL.equals(c.cardType()) ? "table" : or(ch.display(), c.display());
        boolean archived = ch.archived() != null ? ch.archived() : c.archived();
        boolean archiveChanged = archived != c.archived();
        Boolean directly = archiveChanged ? (archived ? Boolean.TRUE : null) : c.archivedDirectly();
        String operation = archiveChanged ? null : c.archiveOperationId();
        return new Card(c.id(), c.entityId(), or(ch.name(), c.name()), present(ch.description(), c.description()), display,
                query, or(ch.visualizationSettings(), c.visualizationSettings()), or(ch.parameters(), c.parameters()),
                or(ch.parameterMappings(), c.parameterMappings()), or(ch.resultMetadata(), c.resultMetadata()),
                queryType(parsed), databaseId(parsed), tableId(parsed), type, present(ch.collectionId(), c.collectionId()),
                present(ch.collectionPosition(), c.collectionPosition()), or(ch.collectionPreview(), c.collectionPreview()),
                c.creatorId(), editorId, present(ch.cacheTtl(), c.cacheTtl()), or(ch.enableEmbedding(), c.enableEmbedding()),
                or(ch.embeddingParams(), c.embeddingParams()), c.publicUuid(), c.madePublicById(), archived, directly,
                operation, c.createdAt(), System.currentTimeMillis());
    }

    static Card move(Card c, Long collectionId, long editorId) {
        return new Card(c.id(), c.entityId(), c.name(), c.description(), c.display(), c.datasetQuery(),
                c.visualizationSettings(), c.parameters(), c.parameterMappings(), c.resultMetadata(), c.queryType(),
                c.databaseId(), c.tableId(), c.cardType(), collectionId, c.collectionPosition(), c.collectionPreview(),
                c.creatorId(), editorId, c.cacheTtl(), c.enableEmbedding(), c.embeddingParams(), c.publicUuid(),
                c.madePublicById(), c.archived(), c.archivedDirectly(), c.archiveOperationId(), c.createdAt(),
                System.currentTimeMillis());
    }

    /**
     * "native" or "query", from dataset_query.type. The column holds a short type name (VARCHAR(16)); a value it
     * cannot hold (too long, or with U+0000, which PostgreSQL refuses) names no query type, so it is stored as null
     * rather than failing the whole save with a database error.
     */
    static String queryType(JsonNode query) {
        JsonNode t = query.get("type");
        if (t == null || !t.isTextual()) return null;
        String type = t.asText();
        return type.length() <= 16 && type.indexOf('\0') < 0 ? type : null;
    }

    static Long databaseId(JsonNode query) {
        JsonNode d = query.get("database");
        return d != null && d.canConvertToLong() && d.isIntegralNumber() ? d.asLong() : null;
    }

    static Long tableId(JsonNode query) {
        JsonNode t = query.path("query").get("source-table");
        return t != null && t.isIntegralNumber() && t.canConvertToLong() ? t.asLong() : null;
    }

    private static <T> T or(T value, T fallback) { return value != null ? value : fallback; }

    private static <T> T present(Change<T> change, T fallback) { return change != null ? change.value() : fallback; }
}
