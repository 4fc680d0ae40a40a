package dev.latchkey.content.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.UserRef;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Wire shapes of GET /api/collection/:id/items and GET /api/search (Metabase v0.49). */
public final class SearchViews {
    private SearchViews() {}

    /** {data, total, models, limit, offset}: one page of a collection's items. */
    public record ItemsPage(int total, List<Object> data, List<String> models, Long limit, Long offset) {}

    public record CardItem(long id, String name, String description, String entityId, Integer collectionPosition,
                           String display, boolean collectionPreview, String moderatedStatus, boolean fullyParameterized,
                           Long databaseId, Object location, String model, boolean archived,
                           @JsonProperty("last-edit-info") @JsonInclude(JsonInclude.Include.NON_NULL) UserRef.LastEditInfo lastEditInfo) {}

    public record DashboardItem(long id, String name, String description, String entityId, Integer collectionPosition,
                                String model, boolean archived,
                                @JsonProperty("last-edit-info") @JsonInclude(JsonInclude.Include.NON_NULL) UserRef.LastEditInfo lastEditInfo) {}

    public record CollectionItem(long id, String name, String description, String entityId, String model,
                                 String authorityLevel, boolean canWrite, String location, String effectiveLocation,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Long personalOwnerId, String type, boolean archived) {}

    /** {total, data, available_models, limit, offset, table_db_id, models}. */
    public record SearchPage(int total, List<SearchResult> data, List<String> availableModels, Long limit, Long offset,
                             Long tableDbId, List<String> models) {}

    /** One search hit: the union of the fields of every model, null where a model has none. */
    public record SearchResult(String model, long id, String name, String description, boolean archived, String entityId,
                               Integer collectionPosition, String collectionAuthorityLevel, Long creatorId,
                               OffsetDateTime createdAt, OffsetDateTime updatedAt, boolean bookmark,
                               OffsetDateTime lastEditedAt, Long lastEditorId, Long dashboardcardCount,
                               String moderatedStatus, String display, JsonNode datasetQuery, Long databaseId,
                               Long tableId, String tableSchema, String tableName, String tableDescription,
                               Map<String, Object> collection, Object context, List<Map<String, Object>> scores,
                               String creatorCommonName, String lastEditorCommonName, String effectiveLocation,
                               Boolean canWrite) {}
}
