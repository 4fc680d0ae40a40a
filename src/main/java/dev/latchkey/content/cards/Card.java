package dev.latchkey.content.cards;

/**
 * A row of report_card (a question or a model). JSON columns are kept as the text the client sent; Latchkey
 * stores questions and never runs them.
 */
public record Card(long id, String entityId, String name, String description, String display, String datasetQuery,
                   String visualizationSettings, String parameters, String parameterMappings, String resultMetadata,
                   String queryType, Long databaseId, Long tableId, String cardType, Long collectionId,
                   Integer collectionPosition, boolean collectionPreview, long creatorId, Long lastEditorId,
                   Integer cacheTtl, boolean enableEmbedding, String embeddingParams, String publicUuid,
                   Long madePublicById, boolean archived, Boolean archivedDirectly, String archiveOperationId,
                   long createdAt, long updatedAt) {
    public static final String QUESTION = "question";
    public static final String MODEL = "model";

    public boolean isModel() { return MODEL.equals(cardType); }
}
