package dev.latchkey.serialization;

import dev.latchkey.content.ImportResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.latchkey.core.Actor;
import dev.latchkey.content.cards.CardService;
import dev.latchkey.content.collections.CollectionService;
import dev.latchkey.content.dashboards.DashboardService;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Json;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes an import plan through the content services' import methods, inside the caller's transaction,
 * turning entity ids back into this instance's ids as it goes (collections, then questions, then dashboards,
 * each in the plan's dependency order). People are found by email, or fall back to the importing admin.
 */
final class ContentWriter {
    private final CollectionService collections;
    private final CardService cards;
    private final DashboardService dashboards;
    private final People people;
    private final Actor actor;

    ContentWriter(CollectionService collections, CardService cards, DashboardService dashboards, People people, Actor actor) {
        this.collections = collections;
        this.cards = cards;
        this.dashboards = dashboards;
        this.people = people;
        this.actor = actor;
    }

    /** {@code existing}: per model, entity id to local id, as read before planning. */
    void apply(Handle h, ImportPlan plan, Map<String, Map<String, Long>> existing, boolean continueOnError, ImportLog log) {
        Writes writes = new Writes(h, continueOnError, log);
        Map<String, Long> collectionIds = new HashMap<>(existing.get(Portable.COLLECTION));
        Map<String, Long> cardIds = new HashMap<>(existing.get(Portable.CARD));
        for (Portable.Collection c : plan.collections) {
            String file = plan.files.get(c.entityId());
            writes.attempt(file, () -> collection(h, c, file, collectionIds, log));
        }
        for (Portable.Card c : plan.cards) {
            String file = plan.files.get(c.entityId());
            writes.attempt(file, () -> card(h, c, file, collectionIds, cardIds, log));
        }
        for (Portable.Dashboard d : plan.dashboards) {
            String file = plan.files.get(d.entityId());
            writes.attempt(file, () -> dashboard(h, d, file, collectionIds, cardIds, log));
        }
    }

    private void collection(Handle h, Portable.Collection c, String file, Map<String, Long> ids, ImportLog log) {
        if (c.personalOwner() != null && !ids.containsKey(c.entityId())) {
            long owner = people.idOf(h, c.personalOwner(), actor, file, "personal_owner_id", log);
            Long personal = collections.personalCollectionIdOf(h, owner);
            if (personal == null) throw new Rejected(file, "personal_owner_id: " + c.personalOwner() + " has no personal collection here");
            ids.put(c.entityId(), personal);
            log.info("Mapped personal Collection " + c.entityId() + " " + ImportLog.quoted(c.name())
                    + " to the personal collection of " + people.emailOf(h, owner));
            return;
        }
        Long parent = localId(ids, c.parentId(), file, "parent_id", Portable.COLLECTION);
        ImportResult r = collections.importCollection(h, actor, new CollectionService.Imported(c.entityId(),
                c.name(), c.description(), c.color(), parent, c.namespace(), c.authorityLevel(), c.type(), c.archived(), c.createdAt()));
        ids.put(c.entityId(), r.id());
        log.imported(Portable.COLLECTION, c.entityId(), c.name(), r.created());
    }

    private void card(Handle h, Portable.Card c, String file, Map<String, Long> collectionIds, Map<String, Long> cardIds,
                      ImportLog log) {
        Long collection = localId(collectionIds, c.collectionId(), file, "collection_id", Portable.COLLECTION);
        for (String ref : JsonRefs.cardRefs(c.datasetQuery(), c.parameters(), c.parameterMappings())) {
            localId(cardIds, ref, file, "dataset_query/parameters", Portable.CARD);
        }
        long creator = people.idOf(h, c.creator(), actor, file, "creator_id", log);
        Function<JsonNode, JsonNode> toId = toId(cardIds);
        ImportResult r = cards.importCard(h, actor, new CardService.Imported(c.entityId(), c.name(),
                c.description(), c.display(), Json.write(JsonRefs.queryBack(c.datasetQuery(), cardIds::get)),
                Json.write(c.visualizationSettings()), Json.write(JsonRefs.cardIds(c.parameters(), true, toId)),
                Json.write(JsonRefs.cardIds(c.parameterMappings(), false, toId)), text(c.resultMetadata()), c.type(),
                collection, c.collectionPosition(), c.collectionPreview(), creator, c.cacheTtl(), c.enableEmbedding(),
                text(c.embeddingParams()), c.archived(), c.createdAt()));
        cardIds.put(c.entityId(), r.id());
        log.imported(Portable.CARD, c.entityId(), c.name(), r.created());
    }

    private void dashboard(Handle h, Portable.Dashboard d, String file, Map<String, Long> collectionIds,
                           Map<String, Long> cardIds, ImportLog log) {
        Long collection = localId(collectionIds, d.collectionId(), file, "collection_id", Portable.COLLECTION);
        Function<JsonNode, JsonNode> toId = toId(cardIds);
        for (String ref : JsonRefs.cardRefs(null, d.parameters(), null)) localId(cardIds, ref, file, "parameters", Portable.CARD);
        List<DashboardService.ImportedTab> tabs = new ArrayList<>();
        for (Portable.Tab t : d.tabs()) tabs.add(new DashboardService.ImportedTab(t.entityId(), t.name(), t.position(), t.createdAt()));
        List<DashboardService.ImportedDashcard> dashcards = new ArrayList<>();
        for (Portable.Dashcard dc : d.dashcards()) dashcards.add(dashcard(dc, file, cardIds, toId));
        long creator = people.idOf(h, d.creator(), actor, file, "creator_id", log);
        ImportResult r = dashboards.importDashboard(h, actor, new DashboardService.Imported(d.entityId(),
                d.name(), d.description(), Json.write(JsonRefs.cardIds(d.parameters(), true, toId)), collection,
                d.collectionPosition(), creator, d.pointsOfInterest(), d.caveats(), d.showInGettingStarted(), d.position(),
                d.enableEmbedding(), text(d.embeddingParams()), d.cacheTtl(), d.autoApplyFilters(), d.width(), d.archived(),
                d.createdAt(), tabs, dashcards));
        log.imported(Portable.DASHBOARD, d.entityId(), d.name(), r.created());
    }

    private static DashboardService.ImportedDashcard dashcard(Portable.Dashcard dc, String file, Map<String, Long> cardIds,
                                                              Function<JsonNode, JsonNode> toId) {
        Long card = localId(cardIds, dc.cardId(), file, "dashcards.card_id", Portable.CARD);
        List<Long> series = new ArrayList<>();
        for (String s : dc.series()) series.add(localId(cardIds, s, file, "dashcards.series", Portable.CARD));
        for (String ref : JsonRefs.cardRefs(null, null, dc.parameterMappings())) {
            localId(cardIds, ref, file, "dashcards.parameter_mappings", Portable.CARD);
        }
        return new DashboardService.ImportedDashcard(dc.entityId(), card, dc.actionId(), dc.tabId(), dc.row(), dc.col(),
                dc.sizeX(), dc.sizeY(), Json.write(JsonRefs.cardIds(dc.parameterMappings(), false, toId)),
                Json.write(dc.visualizationSettings()), series, dc.createdAt());
    }

    /** A reference to an entity written earlier in this import (or already here); its absence means it failed. */
    static Long localId(Map<String, Long> ids, String eid, String file, String key, String model) {
        if (eid == null) return null;
        Long id = ids.get(eid);
        if (id == null) throw new Rejected(file, key + ": refers to " + model + " " + eid + ", which could not be imported");
        return id;
    }

    private static Function<JsonNode, JsonNode> toId(Map<String, Long> cardIds) {
        return n -> n.isTextual() && cardIds.containsKey(n.asText()) ? JsonNodeFactory.instance.numberNode(cardIds.get(n.asText())) : null;
    }

    private static String text(JsonNode json) { return json == null || json.isNull() ? null : Json.write(json); }

    /**
     * Runs one entity's writes; with continue_on_error inside a savepoint, so a refused entity leaves no trace
     * and the transaction stays usable (PostgreSQL aborts a transaction on any failed statement otherwise).
     */
    static final class Writes {
        private final Handle h;
        private final boolean continueOnError;
        private final ImportLog log;
        private int savepoints;

        Writes(Handle h, boolean continueOnError, ImportLog log) {
            this.h = h;
            this.continueOnError = continueOnError;
            this.log = log;
        }

        void attempt(String file, Runnable work) {
            if (!continueOnError) {
                try {
                    work.run();
                } catch (AppError e) {
                    throw new Rejected(file, e.getMessage());
                }
                return;
            }
            String savepoint = "serdes_" + ++savepoints;
            h.savepoint(savepoint);
            try {
                work.run();
                h.release(savepoint);
            } catch (Rejected e) {
                h.rollbackToSavepoint(savepoint);
                log.error(e);
            } catch (AppError e) {
                h.rollbackToSavepoint(savepoint);
                log.error(new Rejected(file, e.getMessage()));
            } catch (RuntimeException e) {
                if (!SerializationService.isDatabaseRefusal(e)) throw e;
                h.rollbackToSavepoint(savepoint);
                log.error(new Rejected(file, "the database refused it (" + SerializationService.rootMessage(e) + ")"));
            }
        }
    }
}
