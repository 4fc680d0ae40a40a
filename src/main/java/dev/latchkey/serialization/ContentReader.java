package dev.latchkey.serialization;

import dev.latchkey.content.collections.CollectionRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.latchkey.core.Actor;
import dev.latchkey.content.cards.Card;
import dev.latchkey.content.cards.CardService;
import dev.latchkey.content.collections.CollectionService;
import dev.latchkey.content.dashboards.Dashboard;
import dev.latchkey.content.dashboards.DashboardService;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Json;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads stored content through the content services, inside the caller's transaction, into its portable
 * form: numeric ids become entity ids (also inside stored JSON, see {@link JsonRefs}), users become emails.
 * One instance serves one export or import.
 */
final class ContentReader {
    private final CollectionService collections;
    private final CardService cards;
    private final DashboardService dashboards;
    private final People people;
    private final Actor actor;

    ContentReader(CollectionService collections, CardService cards, DashboardService dashboards, People people, Actor actor) {
        this.collections = collections;
        this.cards = cards;
        this.dashboards = dashboards;
        this.people = people;
        this.actor = actor;
    }

    /** Everything, portable: collections parents first, cards and dashboards by id. */
    Portable.Snapshot read(Handle h) {
        Map<Long, CollectionRow> byId = collections.access().byId(h);
        Map<Long, String> collectionEids = new HashMap<>();
        byId.values().forEach(c -> collectionEids.put(c.id(), c.entityId()));
        List<Portable.Collection> outCollections = new ArrayList<>();
        byId.values().stream().sorted(Comparator.comparingInt((CollectionRow c) -> c.ancestorIds().size()).thenComparing(CollectionRow::id))
                .forEach(c -> outCollections.add(collection(h, c, collectionEids)));
        List<Card> allCards = cards.all(h, actor);
        Map<Long, String> cardEids = new HashMap<>();
        allCards.forEach(c -> cardEids.put(c.id(), c.entityId()));
        List<Portable.Card> outCards = new ArrayList<>();
        for (Card c : allCards) outCards.add(card(h, c, collectionEids, cardEids));
        List<Portable.Dashboard> outDashboards = new ArrayList<>();
        Map<Long, List<Dashboard.Tab>> tabs = dashboards.allTabs(h, actor);
        Map<Long, List<Dashboard.Dashcard>> dashcards = dashboards.allDashcards(h, actor);
        for (Dashboard d : dashboards.all(h, actor)) {
            outDashboards.add(dashboard(h, d, tabs.getOrDefault(d.id(), List.of()), dashcards.getOrDefault(d.id(), List.of()),
                    collectionEids, cardEids));
        }
        return new Portable.Snapshot(outCollections, outCards, outDashboards);
    }

    /** The entity id of a collection named in export options; 404 when there is none. */
    String collectionEid(Handle h, ExportOptions.CollectionRef ref) {
        if (ref.id() != null) return collections.access().find(h, ref.id()).map(CollectionRow::entityId).orElseThrow(AppError::notFound);
        return collections.access().byId(h).values().stream().map(CollectionRow::entityId).filter(ref.entityId()::equals).findFirst()
                .orElseThrow(AppError::notFound);
    }

    /** Per model, the entity id of each entity this instance has, with its local id. */
    Map<String, Map<String, Long>> existing(Handle h) {
        Map<String, Long> c = new HashMap<>();
        collections.access().byId(h).values().forEach(x -> c.put(x.entityId(), x.id()));
        Map<String, Long> q = new HashMap<>();
        cards.all(h, actor).forEach(x -> q.put(x.entityId(), x.id()));
        Map<String, Long> d = new HashMap<>();
        dashboards.all(h, actor).forEach(x -> d.put(x.entityId(), x.id()));
        return Map.of(Portable.COLLECTION, c, Portable.CARD, q, Portable.DASHBOARD, d);
    }

    static Map<String, Set<String>> keys(Map<String, Map<String, Long>> existing) {
        Map<String, Set<String>> out = new HashMap<>();
        existing.forEach((model, ids) -> out.put(model, new HashSet<>(ids.keySet())));
        return out;
    }

    private Portable.Collection collection(Handle h, CollectionRow c, Map<Long, String> collectionEids) {
        return new Portable.Collection(c.entityId(), c.name(), c.description(), c.color(), c.slug(),
                c.parentId() == null ? null : collectionEids.get(c.parentId()), c.namespace(), c.authorityLevel(), c.type(),
                c.archived(), email(h, c.personalOwnerId()), c.createdAt());
    }

    private Portable.Card card(Handle h, Card c, Map<Long, String> collectionEids, Map<Long, String> cardEids) {
        Function<JsonNode, JsonNode> toEid = toEid(cardEids);
        return new Portable.Card(c.entityId(), c.name(), c.description(), c.display(), c.cardType(),
                JsonRefs.query(json(c.datasetQuery()), cardEids::get), json(c.visualizationSettings()),
                JsonRefs.cardIds(json(c.parameters()), true, toEid), JsonRefs.cardIds(json(c.parameterMappings()), false, toEid),
                json(c.resultMetadata()), c.queryType(), c.databaseId(), c.tableId(),
                c.collectionId() == null ? null : collectionEids.get(c.collectionId()), c.collectionPosition(),
                c.collectionPreview(), email(h, c.creatorId()), c.cacheTtl(), c.enableEmbedding(), json(c.embeddingParams()),
                c.publicUuid(), email(h, c.madePublicById()), c.archived(), c.createdAt());
    }

    private Portable.Dashboard dashboard(Handle h, Dashboard d, List<Dashboard.Tab> tabs, List<Dashboard.Dashcard> dashcards,
                                         Map<Long, String> collectionEids, Map<Long, String> cardEids) {
        Function<JsonNode, JsonNode> toEid = toEid(cardEids);
        Map<Long, String> tabEids = new HashMap<>();
        List<Portable.Tab> outTabs = new ArrayList<>();
        for (Dashboard.Tab t : tabs) {
            tabEids.put(t.id(), t.entityId());
            outTabs.add(new Portable.Tab(t.entityId(), t.name(), t.position(), t.createdAt()));
        }
        List<Portable.Dashcard> outCards = new ArrayList<>();
        for (Dashboard.Dashcard dc : dashcards) {
            outCards.add(new Portable.Dashcard(dc.entityId(), dc.cardId() == null ? null : cardEids.get(dc.cardId()),
                    dc.actionId(), dc.dashboardTabId() == null ? null : tabEids.get(dc.dashboardTabId()), dc.row(), dc.col(),
                    dc.sizeX(), dc.sizeY(), dc.series().stream().map(cardEids::get).toList(),
                    JsonRefs.cardIds(json(dc.parameterMappings()), false, toEid), json(dc.visualizationSettings()), dc.createdAt()));
        }
        return new Portable.Dashboard(d.entityId(), d.name(), d.description(), JsonRefs.cardIds(json(d.parameters()), true, toEid),
                d.collectionId() == null ? null : collectionEids.get(d.collectionId()), d.collectionPosition(),
                email(h, d.creatorId()), d.caveats(), d.pointsOfInterest(), d.showInGettingStarted(), d.position(),
                d.enableEmbedding(), json(d.embeddingParams()), d.publicUuid(), email(h, d.madePublicById()), d.cacheTtl(),
                d.autoApplyFilters(), d.width(), d.archived(), d.createdAt(), outTabs, outCards);
    }

    private static Function<JsonNode, JsonNode> toEid(Map<Long, String> cardEids) {
        return n -> n.isIntegralNumber() && cardEids.containsKey(n.asLong()) ? JsonNodeFactory.instance.textNode(cardEids.get(n.asLong())) : null;
    }

    private String email(Handle h, Long userId) { return userId == null ? null : people.emailOf(h, userId); }

    private static JsonNode json(String text) { return text == null ? null : Json.read(text); }
}
