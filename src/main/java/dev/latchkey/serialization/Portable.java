package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Content in its instance-independent form: every reference to another entity is its entity_id, every person
 * is an email, times are epoch millis. The exporter turns these into YAML; the importer reads YAML into them,
 * checks every reference, and only then hands them to the content services. Numeric ids never appear here,
 * except inside JSON the instance does not interpret (and card references in it are rewritten too).
 */
final class Portable {
    private Portable() {}

    /** Models as serdes/meta names them. */
    static final String COLLECTION = "Collection";
    static final String CARD = "Card";
    static final String DASHBOARD = "Dashboard";

    /** {@code parentId}: the parent's entity_id, null for a top-level collection. */
    record Collection(String entityId, String name, String description, String color, String slug, String parentId,
                      String namespace, String authorityLevel, String type, boolean archived, String personalOwner,
                      long createdAt) {}

    /** {@code collectionId}: entity_id or null (root); {@code creator}, {@code madePublicBy}: emails. */
    record Card(String entityId, String name, String description, String display, String type, JsonNode datasetQuery,
                JsonNode visualizationSettings, JsonNode parameters, JsonNode parameterMappings, JsonNode resultMetadata,
                String queryType, Long databaseId, Long tableId, String collectionId, Integer collectionPosition,
                boolean collectionPreview, String creator, Integer cacheTtl, boolean enableEmbedding,
                JsonNode embeddingParams, String publicUuid, String madePublicBy, boolean archived, long createdAt) {}

    record Dashboard(String entityId, String name, String description, JsonNode parameters, String collectionId,
                     Integer collectionPosition, String creator, String caveats, String pointsOfInterest,
                     boolean showInGettingStarted, Integer position, boolean enableEmbedding, JsonNode embeddingParams,
                     String publicUuid, String madePublicBy, Integer cacheTtl, boolean autoApplyFilters, String width,
                     boolean archived, long createdAt, List<Tab> tabs, List<Dashcard> dashcards) {}

    record Tab(String entityId, String name, int position, long createdAt) {}

    /** {@code cardId}: the card's entity_id (null for text cards); {@code tabId}: the tab's entity_id or null. */
    record Dashcard(String entityId, String cardId, Long actionId, String tabId, int row, int col, int sizeX, int sizeY,
                    List<String> series, JsonNode parameterMappings, JsonNode visualizationSettings, long createdAt) {}

    /** Everything one export holds, parents before children. */
    record Snapshot(List<Collection> collections, List<Card> cards, List<Dashboard> dashboards) {}
}
