package dev.latchkey.content.search;

import dev.latchkey.content.collections.CollectionRow;
import dev.latchkey.core.Actor;
import dev.latchkey.content.JsonValues;
import dev.latchkey.content.collections.CollectionAccess;
import dev.latchkey.content.search.SearchQueries.SearchQuery;
import dev.latchkey.content.search.SearchRepository.Entry;
import dev.latchkey.content.search.SearchViews.SearchPage;
import dev.latchkey.content.search.SearchViews.SearchResult;
import dev.latchkey.core.Times;
import dev.latchkey.db.Database;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import dev.latchkey.permissions.Locations;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * GET /api/search over collections, questions, models and dashboards. Only what the caller may read is
 * considered; archived items appear only with archived=true. Every word of `q` must occur in the name (or a
 * question's description, or with search_native_query its native SQL); exact names rank first, then names starting
 * with `q`, then the rest.
 */
public final class SearchService {
    private final Database db;
    private final PermissionService permissions;
    private final CollectionAccess collections;
    private final PeopleService people;
    private final SearchRepository repo = new SearchRepository();

    /** A readable hit before paging; its wire shape is built only if it lands on the page. */
    private record Hit(double score, String model, String name, long id, java.util.function.Supplier<SearchResult> result) {}

    public SearchService(Database db, PermissionService permissions, CollectionAccess collections, PeopleService people) {
        this.db = db;
        this.permissions = permissions;
        this.collections = collections;
        this.people = people;
    }

    public SearchPage search(Actor actor, SearchQuery q) {
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            String[] words = q.q() == null ? new String[0] : q.q().toLowerCase(Locale.ROOT).split("\\s+");
            String longest = Arrays.stream(words).max(Comparator.comparingInt(String::length)).orElse(null);
            Map<Long, User> users = new HashMap<>();
            Map<Long, Long> dashcards = repo.dashcardCounts(h);
            List<Hit> hits = new ArrayList<>();
            List<Entry> entries = new ArrayList<>();
            if (q.models().contains("card") || q.models().contains("dataset")) entries.addAll(repo.cardsMatching(h, longest, q.archived(), q.nativeQuery()));
            if (q.models().contains("dashboard")) entries.addAll(repo.dashboardsMatching(h, longest, q.archived()));
            // a superuser may read every collection; with a query, only those whose name can match are read
            Map<Long, CollectionRow> all = rights.superuser() && longest != null
                    ? collections.forNameSearch(h, rights.userId(), Arrays.stream(words).filter(w -> !w.isEmpty()).toList(),
                            entries.stream().map(Entry::collectionId).toList())
                    : collections.byIdFor(h, rights);
            for (Entry e : entries) {
                if (!q.models().contains(e.model()) || !CollectionAccess.canRead(all, rights, e.collectionId())) continue;
                if (!byPeople(q, e) || !personalMatches(q, all, e.collectionId())) continue;
                double score = score(q.q(), words, e.name(), e.model().equals("dashboard") ? null : e.description());
                if (score == 0 && q.nativeQuery() && !e.model().equals("dashboard")) score = score(q.q(), words, "", nativeQueryText(e));
                if (score > 0) hits.add(new Hit(score, e.model(), e.name(), e.id(), () -> entryResult(h, users, all, dashcards, e)));
            }
            if (q.models().contains("collection") && q.createdBy().isEmpty() && q.lastEditedBy().isEmpty()) {
                for (CollectionRow c : all.values()) {
                    if (c.archived() != q.archived() || c.namespace() != null || !rights.canRead(c.id(), c.location())) continue;
                    if (!personalMatches(q, all, c.id())) continue;
                    double score = score(q.q(), words, c.name(), null);
                    if (score > 0) hits.add(new Hit(score, "collection", c.name(), c.id(), () -> collectionResult(all, rights, c)));
                }
            }
            hits.sort(Comparator.comparingDouble((Hit x) -> -x.score()).thenComparing(x -> x.name().toLowerCase(Locale.ROOT))
                    .thenComparing(Hit::model).thenComparingLong(Hit::id));
            List<String> available = List.copyOf(hits.stream().map(Hit::model).collect(Collectors.toCollection(TreeSet::new)));
            int from = (int) Math.min(hits.size(), q.offset() == null ? 0 : q.offset());
            int to = q.limit() == null ? hits.size() : (int) Math.min(hits.size(), from + q.limit());
            List<SearchResult> data = hits.subList(from, to).stream().map(x -> x.result().get()).toList();
            return new SearchPage(hits.size(), data, available, q.limit(), q.offset(), null, q.models());
        });
    }

    /** 3 for the exact name, 2 for a name starting with q, 1 when every word is in the name, 0.5 in the description. */
    static double score(String q, String[] words, String name, String description) {
        if (q == null) return 1;
        String n = name.toLowerCase(Locale.ROOT);
        String query = q.toLowerCase(Locale.ROOT);
        if (n.equals(query)) return 3;
        if (n.startsWith(query)) return 2;
        if (Arrays.stream(words).allMatch(n::contains)) return 1;
        String d = description == null ? "" : description.toLowerCase(Locale.ROOT);
        return Arrays.stream(words).allMatch(w -> n.contains(w) || d.contains(w)) ? 0.5 : 0;
    }

    /** The SQL of a native question (dataset_query.native.query), or null. */
    static String nativeQueryText(Entry e) {
        if (e.datasetQuery() == null) return null;
        com.fasterxml.jackson.databind.JsonNode query = JsonValues.read(e.datasetQuery());
        if (query == null || !"native".equals(query.path("type").asText())) return null;
        com.fasterxml.jackson.databind.JsonNode text = query.path("native").path("query");
        return text.isTextual() ? text.asText() : null;
    }

    private static boolean byPeople(SearchQuery q, Entry e) {
        return (q.createdBy().isEmpty() || q.createdBy().contains(e.creatorId()))
                && (q.lastEditedBy().isEmpty() || (e.lastEditorId() != null && q.lastEditedBy().contains(e.lastEditorId())));
    }

    private static boolean personalMatches(SearchQuery q, Map<Long, CollectionRow> all, Long collectionId) {
        if (q.personal() == null) return true;
        CollectionRow c = collectionId == null ? null : all.get(collectionId);
        boolean personal = c != null && c.inPersonalTree(all::get);
        return q.personal().equals("only") == personal;
    }

    private SearchResult entryResult(Handle h, Map<Long, User> users, Map<Long, CollectionRow> all, Map<Long, Long> dashcards, Entry e) {
        CollectionRow c = e.collectionId() == null ? null : all.get(e.collectionId());
        User creator = people.find(h, users, e.creatorId());
        User editor = people.find(h, users, e.lastEditorId());
        boolean isCard = !e.model().equals("dashboard");
        return new SearchResult(e.model(), e.id(), e.name(), e.description(), e.archived(), e.entityId(), e.collectionPosition(),
                c == null ? null : c.authorityLevel(), e.creatorId(), Times.iso(e.createdAt()), Times.iso(e.updatedAt()), false,
                Times.iso(e.updatedAt()), e.lastEditorId(), isCard ? dashcards.getOrDefault(e.id(), 0L) : null, null,
                e.display(), isCard ? JsonValues.read(e.datasetQuery()) : null, e.databaseId(), null, null, null, null,
                collectionRef(c), null, List.of(), creator == null ? null : creator.commonName(),
                editor == null ? null : editor.commonName(), null, null);
    }

    private static SearchResult collectionResult(Map<Long, CollectionRow> all, Rights rights, CollectionRow c) {
        String effective = "/" + Locations.ids(c.location()).stream()
                .filter(a -> all.containsKey(a) && rights.canRead(a, all.get(a).location()))
                .map(a -> a + "/").collect(Collectors.joining());
        return new SearchResult("collection", c.id(), c.name(), c.description(), c.archived(), c.entityId(), null,
                c.authorityLevel(), null, Times.iso(c.createdAt()), null, false, null, null, null, null, null, null, null,
                null, null, null, null, collectionRef(c), null, List.of(), null, null, effective,
                rights.canWrite(c.id(), c.location()));
    }

    /** {id, name, authority_level, type}; all null for the root collection, as v0.49 sends it. */
    private static Map<String, Object> collectionRef(CollectionRow c) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("id", c == null ? null : c.id());
        ref.put("name", c == null ? null : c.name());
        ref.put("authority_level", c == null ? null : c.authorityLevel());
        ref.put("type", c == null ? null : c.type());
        return ref;
    }
}
