package dev.latchkey.content.cards;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.JsonValues;
import dev.latchkey.content.UserRef;
import dev.latchkey.content.collections.CollectionViews.CollectionSummary;
import dev.latchkey.core.Times;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A question on the wire (GET/POST/PUT /api/card): the stored JSON comes back exactly as it was saved, plus
 * Metabase's hydrated creator, collection, can_write, dashboard_count and last-edit-info.
 */
public record CardView(long id, String entityId, String name, String description, String display, JsonNode datasetQuery,
                       JsonNode visualizationSettings, JsonNode parameters, JsonNode parameterMappings, JsonNode resultMetadata,
                       String queryType, Long databaseId, Long tableId, String type, boolean dataset, Long collectionId,
                       Integer collectionPosition, boolean collectionPreview, long creatorId, Long madePublicById,
                       String publicUuid, boolean enableEmbedding, JsonNode embeddingParams, Integer cacheTtl,
                       boolean archived, OffsetDateTime createdAt, OffsetDateTime updatedAt, UserRef.Creator creator,
                       CollectionSummary collection, boolean canWrite, long dashboardCount,
                       @JsonProperty("last-edit-info") UserRef.LastEditInfo lastEditInfo, Object averageQueryTime,
                       Object lastQueryStart, int parameterUsageCount, List<Object> moderationReviews, Object basedOnUpload,
                       String collectionAuthorityLevel) {

    static CardView of(Card c, UserRef.Creator creator, UserRef.LastEditInfo lastEdit, CollectionSummary collection,
                       boolean canWrite, long dashboardCount) {
        return new CardView(c.id(), c.entityId(), c.name(), c.description(), c.display(), JsonValues.read(c.datasetQuery()),
                JsonValues.read(c.visualizationSettings()), JsonValues.read(c.parameters()),
                JsonValues.read(c.parameterMappings()), JsonValues.read(c.resultMetadata()), c.queryType(), c.databaseId(),
                c.tableId(), c.cardType(), c.isModel(), c.collectionId(), c.collectionPosition(), c.collectionPreview(),
                c.creatorId(), c.madePublicById(), c.publicUuid(), c.enableEmbedding(), JsonValues.read(c.embeddingParams()),
                c.cacheTtl(), c.archived(), Times.iso(c.createdAt()), Times.iso(c.updatedAt()), creator, collection, canWrite,
                dashboardCount, lastEdit, null, null, 0, List.of(), null,
                collection == null ? null : collection.authorityLevel());
    }
}
