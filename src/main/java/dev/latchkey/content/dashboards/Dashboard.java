package dev.latchkey.content.dashboards;

import java.util.List;

/** A row of report_dashboard. `parameters` and `embedding_params` are stored JSON text, returned as given. */
public record Dashboard(long id, String entityId, String name, String description, String parameters, Long collectionId,
                        Integer collectionPosition, long creatorId, Long lastEditorId, String pointsOfInterest,
                        String caveats, boolean showInGettingStarted, Integer position, boolean enableEmbedding,
                        String embeddingParams, String publicUuid, Long madePublicById, Integer cacheTtl,
                        boolean autoApplyFilters, String width, boolean archived, Boolean archivedDirectly,
                        String archiveOperationId, long createdAt, long updatedAt) {

    /** A tab of a dashboard (report_dashboardtab); `position` is its index in the dashboard's tab list. */
    public record Tab(long id, String entityId, long dashboardId, String name, int position, long createdAt, long updatedAt) {}

    /**
     * A card placed on a dashboard (report_dashboardcard): `cardId` is null for text and link cards, `series`
     * holds the ids of the extra cards drawn in it, in order.
     */
    public record Dashcard(long id, String entityId, long dashboardId, Long cardId, Long actionId, Long dashboardTabId,
                           int row, int col, int sizeX, int sizeY, String parameterMappings, String visualizationSettings,
                           List<Long> series, long createdAt, long updatedAt) {}
}
