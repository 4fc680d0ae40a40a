package dev.latchkey.serialization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What an import will do, decided before anything is written: every document read and checked, every
 * reference resolved (to an entity in the archive or already in this instance), and everything put in an
 * order where what is referred to comes first. A problem throws {@link Rejected}, or with continue_on_error
 * is logged and the entity (and whatever depends on it) is left out.
 */
final class ImportPlan {
    /** Bounds the depth-first walk (a hostile archive could chain thousands of collections). */
    static final int MAX_DEPTH = 500;

    final List<Portable.Collection> collections;
    final List<Portable.Card> cards;
    final List<Portable.Dashboard> dashboards;
    /** entity_id to the file it came from, for log lines. */
    final Map<String, String> files;

    private final boolean continueOnError;
    private final ImportLog log;
    /** Per model: entity ids that can be referred to (already in the instance, or accepted from the archive). */
    private final Map<String, Set<String>> resolvable = new HashMap<>();
    /** Per model: entity ids of the archive that were refused (continue_on_error). */
    private final Map<String, Set<String>> failed = new HashMap<>();

    record Ref(String key, String model, String entityId) {}

    private ImportPlan(Map<String, Set<String>> existing, Map<String, String> files, boolean continueOnError, ImportLog log,
                       List<Portable.Collection> collections, List<Portable.Card> cards, List<Portable.Dashboard> dashboards) {
        this.files = files;
        this.continueOnError = continueOnError;
        this.log = log;
        existing.forEach((model, ids) -> resolvable.put(model, new HashSet<>(ids)));
        this.collections = resolve(Portable.COLLECTION, collections, Portable.Collection::entityId, ImportPlan::refs);
        this.cards = resolve(Portable.CARD, cards, Portable.Card::entityId, ImportPlan::refs);
        this.dashboards = resolve(Portable.DASHBOARD, dashboards, Portable.Dashboard::entityId, ImportPlan::refs);
    }

    /** {@code existing}: per model, the entity ids this instance already has. */
    static ImportPlan build(List<Importer.Doc> docs, Map<String, Set<String>> existing, boolean continueOnError, ImportLog log) {
        List<Portable.Collection> collections = new ArrayList<>();
        List<Portable.Card> cards = new ArrayList<>();
        List<Portable.Dashboard> dashboards = new ArrayList<>();
        Map<String, String> files = new HashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (Importer.Doc doc : docs) {
            try {
                String key = doc.model() + " " + doc.entityId();
                if (seen.containsKey(key)) throw new Rejected(doc.file(), key + " is also in " + seen.get(key));
                switch (doc.model()) {
                    case Portable.COLLECTION -> collections.add(DocReader.collection(doc.file(), doc.node()));
                    case Portable.CARD -> cards.add(DocReader.card(doc.file(), doc.node()));
                    case Portable.DASHBOARD -> dashboards.add(DocReader.dashboard(doc.file(), doc.node()));
                    default -> {
                        log.warn(doc.file(), "skipped: Latchkey does not store " + doc.model() + " entities");
                        continue;
                    }
                }
                seen.put(key, doc.file());
                files.put(doc.entityId(), doc.file());
            } catch (Rejected r) {
                if (!continueOnError) throw r;
                log.error(r);
            }
        }
        return new ImportPlan(existing, files, continueOnError, log, collections, cards, dashboards);
    }

    int size() { return collections.size() + cards.size() + dashboards.size(); }

    private static List<Ref> refs(Portable.Collection c) {
        return c.parentId() == null ? List.of() : List.of(new Ref("parent_id", Portable.COLLECTION, c.parentId()));
    }

    private static List<Ref> refs(Portable.Card c) {
        List<Ref> out = new ArrayList<>();
        if (c.collectionId() != null) out.add(new Ref("collection_id", Portable.COLLECTION, c.collectionId()));
        for (String card : JsonRefs.cardRefs(c.datasetQuery(), c.parameters(), c.parameterMappings())) {
            out.add(new Ref("dataset_query/parameters", Portable.CARD, card));
        }
        return out;
    }

    private static List<Ref> refs(Portable.Dashboard d) {
        List<Ref> out = new ArrayList<>();
        if (d.collectionId() != null) out.add(new Ref("collection_id", Portable.COLLECTION, d.collectionId()));
        for (String card : JsonRefs.cardRefs(null, d.parameters(), null)) out.add(new Ref("parameters", Portable.CARD, card));
        int i = 0;
        for (Portable.Dashcard dc : d.dashcards()) {
            String where = "dashcards[" + i++ + "].";
            if (dc.cardId() != null) out.add(new Ref(where + "card_id", Portable.CARD, dc.cardId()));
            for (String s : dc.series()) out.add(new Ref(where + "series", Portable.CARD, s));
            for (String card : JsonRefs.cardRefs(null, null, dc.parameterMappings())) {
                out.add(new Ref(where + "parameter_mappings", Portable.CARD, card));
            }
        }
        return out;
    }

    /** Orders one model's entities so that references within the model come first; drops the unresolvable. */
    private <T> List<T> resolve(String model, List<T> items, Function<T, String> idOf, Function<T, List<Ref>> refsOf) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (T item : items) byId.put(idOf.apply(item), item);
        Set<String> inProgress = new HashSet<>();
        List<T> ordered = new ArrayList<>();
        Set<String> accepted = new HashSet<>();
        for (String id : new ArrayList<>(byId.keySet())) visit(model, id, byId, refsOf, inProgress, accepted, ordered, 0);
        return ordered;
    }

    /** Depth-first: accepts an entity after everything it refers to; true when accepted. */
    private <T> boolean visit(String model, String id, Map<String, T> byId, Function<T, List<Ref>> refsOf,
                              Set<String> inProgress, Set<String> accepted, List<T> ordered, int depth) {
        if (accepted.contains(id)) return true;
        T item = byId.get(id);
        if (item == null) return false; // refused earlier
        try {
            if (depth > MAX_DEPTH) throw new Rejected(file(id), "references nest deeper than " + MAX_DEPTH + " levels");
            inProgress.add(id);
            for (Ref ref : refsOf.apply(item)) checkRef(model, id, ref, byId, refsOf, inProgress, accepted, ordered, depth);
        } catch (Rejected r) {
            if (!continueOnError) throw r;
            log.error(r);
            byId.remove(id);
            failed.computeIfAbsent(model, k -> new HashSet<>()).add(id);
            return false;
        } finally {
            inProgress.remove(id);
        }
        resolvable.computeIfAbsent(model, k -> new HashSet<>()).add(id);
        accepted.add(id);
        ordered.add(item);
        return true;
    }

    private <T> void checkRef(String model, String id, Ref ref, Map<String, T> byId, Function<T, List<Ref>> refsOf,
                              Set<String> inProgress, Set<String> accepted, List<T> ordered, int depth) {
        boolean sameModel = ref.model().equals(model);
        if (sameModel && inProgress.contains(ref.entityId())) {
            throw new Rejected(file(id), ref.key() + ": refers to " + ref.model() + " " + ref.entityId() + ", which refers back to it");
        }
        // within the model, an entity of the archive is written first, even when this instance has it already
        if (sameModel && byId.containsKey(ref.entityId()) && visit(model, ref.entityId(), byId, refsOf, inProgress, accepted, ordered, depth + 1)) return;
        if (isResolvable(ref.model(), ref.entityId())) return;
        boolean refused = failed.getOrDefault(ref.model(), Set.of()).contains(ref.entityId());
        throw new Rejected(file(id), ref.key() + ": refers to " + ref.model() + " " + ref.entityId()
                + (refused ? ", which could not be imported" : ", which is neither in the archive nor in this instance"));
    }

    private boolean isResolvable(String model, String id) { return resolvable.getOrDefault(model, Set.of()).contains(id); }

    private String file(String entityId) { return files.getOrDefault(entityId, entityId); }
}
