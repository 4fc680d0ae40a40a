package dev.latchkey.content.collections;

import dev.latchkey.core.AppError;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may read or change what is in a collection, and the lookups other features need for it (cards, dashboards,
 * search), inside their own transaction. The root collection is null. Rights decide; this class finds the
 * collection (404 when missing) and asks them. CollectionService keeps the /api/collection endpoints.
 */
public final class CollectionAccess {
    private final CollectionRepository repo;
    private final CollectionPlacement placement;

    CollectionAccess(CollectionRepository repo, CollectionPlacement placement) {
        this.repo = repo;
        this.placement = placement;
    }

    public Optional<CollectionRow> find(Handle h, long id) { return repo.find(h, id); }

    /** The collection, or 404. */
    public CollectionRow require(Handle h, long id) { return repo.find(h, id).orElseThrow(AppError::notFound); }

    /** Every collection by id, for checking rights on long lists in one go. */
    public Map<Long, CollectionRow> byId(Handle h) {
        Map<Long, CollectionRow> out = new LinkedHashMap<>();
        for (CollectionRow c : repo.all(h)) out.put(c.id(), c);
        return out;
    }

    /**
     * The collections a caller's listing may need, by id: every one for a superuser; for anyone else, never another
     * person's personal collection or anything inside one (they cannot read those, and there are as many as people).
     */
    public Map<Long, CollectionRow> byIdFor(Handle h, Rights rights) {
        if (rights.superuser()) return byId(h);
        return withoutOthersTrees(repo.withoutOthersPersonal(h, rights.userId(), false, true, null));
    }

    /**
     * The collections a listing of one collection's items (null = root) needs, by id: every one outside other people's
     * personal trees and, when the listed collection is inside someone else's personal tree (an admin may list it),
     * that one tree. Never every personal collection: there are as many as people, and items never show them.
     */
    public Map<Long, CollectionRow> forItemsOf(Handle h, long userId, Long collectionId) {
        Map<Long, CollectionRow> out = withoutOthersTrees(repo.withoutOthersPersonal(h, userId, false, true, null));
        if (collectionId != null && !out.containsKey(collectionId)) {
            repo.find(h, collectionId).ifPresent(c -> {
                repo.find(h, c.topLevelId()).ifPresent(top -> out.put(top.id(), top));
                repo.descendants(h, "/" + c.topLevelId() + "/").forEach(d -> out.put(d.id(), d));
            });
        }
        return out;
    }

    /**
     * What a superuser's search by name needs, by id: every collection outside other people's personal trees; inside
     * them, only those whose name contains every one of `words` (lower-case: so does every hit's name) and
     * the collections of the given items (null = root is passed over); and the ancestors of those, for their effective
     * location and personal tree. Never every personal collection: there are as many as people.
     */
    public Map<Long, CollectionRow> forNameSearch(Handle h, long userId, List<String> words, Collection<Long> itemCollectionIds) {
        Map<Long, CollectionRow> out = withoutOthersTrees(repo.withoutOthersPersonal(h, userId, false, true, null));
        Map<Long, CollectionRow> more = new LinkedHashMap<>();
        repo.nameContaining(h, words).forEach(c -> { if (!out.containsKey(c.id())) more.put(c.id(), c); });
        readInto(h, itemCollectionIds.stream().filter(id -> id != null && !out.containsKey(id) && !more.containsKey(id))
                .distinct().toList(), more);
        out.putAll(more);
        readInto(h, more.values().stream().flatMap(c -> c.ancestorIds().stream()).filter(a -> !out.containsKey(a)).distinct().toList(), out);
        return out;
    }

    /**
     * The collection and its top-level ancestor by id (empty for root): enough for the static rights and
     * summary helpers on one item, without loading every collection.
     */
    public Map<Long, CollectionRow> around(Handle h, Long collectionId) {
        Map<Long, CollectionRow> out = new LinkedHashMap<>();
        if (collectionId == null) return out;
        repo.find(h, collectionId).ifPresent(c -> {
            out.put(c.id(), c);
            if (c.topLevelId() != c.id()) repo.find(h, c.topLevelId()).ifPresent(top -> out.put(top.id(), top));
        });
        return out;
    }

    /**
     * Each of the given collections (null = root is passed over) and its top-level ancestor, by id: what the static
     * rights and summary helpers need for a list of items, read by id in chunks instead of reading every collection
     * (there are as many personal ones as people).
     */
    public Map<Long, CollectionRow> around(Handle h, Collection<Long> collectionIds) {
        Map<Long, CollectionRow> out = new LinkedHashMap<>();
        readInto(h, collectionIds.stream().filter(Objects::nonNull).distinct().toList(), out);
        readInto(h, out.values().stream().map(CollectionRow::topLevelId).filter(t -> !out.containsKey(t)).distinct().toList(), out);
        return out;
    }

    private void readInto(Handle h, List<Long> ids, Map<Long, CollectionRow> out) {
        for (int i = 0; i < ids.size(); i += 1000) {
            repo.byIds(h, ids.subList(i, Math.min(ids.size(), i + 1000))).forEach(c -> out.put(c.id(), c));
        }
    }

    /** The `collection` object embedded in cards, dashboards and search results; null for the root collection. */
    public static CollectionViews.CollectionSummary summary(Map<Long, CollectionRow> all, Long collectionId) {
        CollectionRow c = collectionId == null ? null : all.get(collectionId);
        return c == null ? null : CollectionViews.CollectionSummary.of(c, c.inPersonalTree(all::get));
    }

    /** Whether the caller may read items in the collection (null = root), given every collection by id. */
    public static boolean canRead(Map<Long, CollectionRow> all, Rights rights, Long collectionId) {
        if (collectionId == null) return rights.root().canRead();
        CollectionRow c = all.get(collectionId);
        return c != null && rights.canRead(c.id(), c.location());
    }

    /** Whether the caller may change items in the collection (null = root), given every collection by id. */
    public static boolean canWrite(Map<Long, CollectionRow> all, Rights rights, Long collectionId) {
        if (collectionId == null) return rights.root().canWrite();
        CollectionRow c = all.get(collectionId);
        return c != null && rights.canWrite(c.id(), c.location());
    }

    /** 403 unless the caller may read items in the collection (null = root); 404 for a missing collection. */
    public void requireRead(Handle h, Rights rights, Long collectionId) {
        if (collectionId == null) rights.requireRead(null, null);
        else { CollectionRow c = require(h, collectionId); rights.requireRead(c.id(), c.location()); }
    }

    /** 403 unless the caller may change items in the collection (null = root); 404 for a missing collection. */
    public void requireWrite(Handle h, Rights rights, Long collectionId) {
        if (collectionId == null) rights.requireWrite(null, null);
        else { CollectionRow c = require(h, collectionId); rights.requireWrite(c.id(), c.location()); }
    }

    /**
     * Every path that puts a question or dashboard into a collection (null = root) calls this inside its transaction:
     * create, copy, update, move, bulk move, unarchive and import. 404 missing, 403 without write, and when the item
     * will be `live`, 400 on `field` if the collection is archived; the collection stays locked until the transaction
     * ends (CollectionPlacement says why).
     */
    public void requirePlacement(Handle h, Rights rights, Long collectionId, boolean live, String field) {
        placement.check(h, rights, collectionId, live, field, CollectionPlacement.ARCHIVED_TARGET);
    }

    /**
     * Drops collections nested in a personal tree whose top was not read: every top-level collection that is not
     * someone else's personal one was, so a missing top means another person's tree.
     */
    static Map<Long, CollectionRow> withoutOthersTrees(List<CollectionRow> read) {
        Map<Long, CollectionRow> out = new LinkedHashMap<>();
        read.forEach(c -> out.put(c.id(), c));
        out.values().removeIf(c -> !out.containsKey(c.topLevelId()));
        return out;
    }

    /** Whether `c` is inside a personal tree that is not `userId`'s. */
    static boolean otherUsersTree(Map<Long, CollectionRow> all, CollectionRow c, long userId) {
        CollectionRow top = c.personalRoot(all::get);
        return top != null && top.personalOwnerId() != userId;
    }
}
