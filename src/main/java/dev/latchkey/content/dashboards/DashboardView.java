package dev.latchkey.content.dashboards;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.JsonValues;
import dev.latchkey.content.UserRef;
import dev.latchkey.content.cards.Card;
import dev.latchkey.content.collections.CollectionViews.CollectionSummary;
import dev.latchkey.content.dashboards.Dashboard.Dashcard;
import dev.latchkey.content.dashboards.Dashboard.Tab;
import dev.latchkey.core.Times;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A dashboard on the wire. GET/POST/PUT answer with `dashcards` (each with its `card` and `series`) and
 * `tabs`; GET /api/dashboard lists leave those two out. A card the caller cannot read shows as {"id": n}.
 */
public record DashboardView(long id, String entityId, String name, String description, JsonNode parameters,
                            Long collectionId, Integer collectionPosition, long creatorId, String pointsOfInterest,
                            String caveats, boolean showInGettingStarted, Integer position, boolean enableEmbedding,
                            JsonNode embeddingParams, String publicUuid, Long madePublicById, Integer cacheTtl,
                            boolean autoApplyFilters, String width, boolean archived, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt, UserRef.Creator creator, CollectionSummary collection,
                            String collectionAuthorityLevel, boolean canWrite,
                            @JsonProperty("last-edit-info") UserRef.LastEditInfo lastEditInfo,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<DashcardView> dashcards,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<TabView> tabs,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> paramFields,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<Object> uncopied) {

    static DashboardView of(Dashboard d, UserRef.Creator creator, UserRef.LastEditInfo lastEdit, CollectionSummary collection,
                            boolean canWrite, List<DashcardView> dashcards, List<TabView> tabs, List<Object> uncopied) {
        return new DashboardView(d.id(), d.entityId(), d.name(), d.description(), JsonValues.read(d.parameters()),
                d.collectionId(), d.collectionPosition(), d.creatorId(), d.pointsOfInterest(), d.caveats(),
                d.showInGettingStarted(), d.position(), d.enableEmbedding(), JsonValues.read(d.embeddingParams()),
                d.publicUuid(), d.madePublicById(), d.cacheTtl(), d.autoApplyFilters(), d.width(), d.archived(),
                Times.iso(d.createdAt()), Times.iso(d.updatedAt()), creator, collection,
                collection == null ? null : collection.authorityLevel(), canWrite, lastEdit, dashcards, tabs,
                dashcards == null ? null : Map.of(), uncopied);
    }

    public record TabView(long id, String entityId, long dashboardId, String name, int position, OffsetDateTime createdAt,
                          OffsetDateTime updatedAt) {
        static TabView of(Tab t) {
            return new TabView(t.id(), t.entityId(), t.dashboardId(), t.name(), t.position(), Times.iso(t.createdAt()),
                    Times.iso(t.updatedAt()));
        }
    }

    public record DashcardView(long id, String entityId, long dashboardId, Long cardId, Long actionId, Long dashboardTabId,
                               int row, int col, int sizeX, int sizeY, JsonNode parameterMappings,
                               JsonNode visualizationSettings, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                               String collectionAuthorityLevel, Object card, List<Object> series) {
        static DashcardView of(Dashcard c, Object card, List<Object> series) {
            return new DashcardView(c.id(), c.entityId(), c.dashboardId(), c.cardId(), c.actionId(), c.dashboardTabId(),
                    c.row(), c.col(), c.sizeX(), c.sizeY(), JsonValues.read(c.parameterMappings()),
                    JsonValues.read(c.visualizationSettings()), Times.iso(c.createdAt()), Times.iso(c.updatedAt()), null,
                    card, series);
        }
    }

    /** The card inside a dashcard (or a series entry), when the caller may read it. */
    public record CardInDashcard(long id, String entityId, String name, String description, String display,
                                 JsonNode datasetQuery, JsonNode visualizationSettings, JsonNode parameters,
                                 JsonNode parameterMappings, Long collectionId, boolean archived, String type,
                                 boolean dataset, String queryType, Long databaseId, Long tableId) {
        static CardInDashcard of(Card c) {
            return new CardInDashcard(c.id(), c.entityId(), c.name(), c.description(), c.display(),
                    JsonValues.read(c.datasetQuery()), JsonValues.read(c.visualizationSettings()),
                    JsonValues.read(c.parameters()), JsonValues.read(c.parameterMappings()), c.collectionId(), c.archived(),
                    c.cardType(), c.isModel(), c.queryType(), c.databaseId(), c.tableId());
        }
    }
}
