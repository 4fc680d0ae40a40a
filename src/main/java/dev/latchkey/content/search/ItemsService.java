package dev.latchkey.content.search;

import dev.latchkey.content.collections.CollectionRow;
import dev.latchkey.core.Actor;
import dev.latchkey.content.UserRef;
import dev.latchkey.content.collections.CollectionAccess;
import dev.latchkey.content.search.SearchQueries.ItemsQuery;
import dev.latchkey.content.search.SearchRepository.Entry;
import dev.latchkey.content.search.SearchViews.ItemsPage;
import dev.latchkey.core.AppError;
import dev.latchkey.db.Database;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import dev.latchkey.permissions.Locations;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * GET /api/collection/:id/items (and root/items): the questions, models and dashboards directly in a
 * collection plus its "effective children", the readable collections below it with no readable collection
 * in between. Callers without read on root still get root's effective children, but none of its items.
 */
public final class ItemsService {
    private static final Map<String, Integer> MODEL_RANK = Map.of("dashboard", 1, "pulse", 2, "dataset", 3, "card", 4,
            "snippet", 5, "collection", 6, "timeline", 7);

    private final Database db;
    private final PermissionService permissions;
    private final CollectionAccess collections;
    private final PeopleService people;
    private final SearchRepository repo = new SearchRepository();

    /** One item with the keys the sort needs. */
    private record Row(Object view, String model, String name, Long editedAt, String editor, boolean pinned) {}

    public ItemsService(Database db, PermissionService permissions, CollectionAccess collections, PeopleService people) {
        this.db = db;
        this.permissions = permissions;
        this.collections = collections;
        this.people = people;
    }

    public ItemsPage items(Actor actor, Long collectionId, ItemsQuery q) {
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Map<Long, CollectionRow> all = collections.forItemsOf(h, actor.userId(), collectionId);
            CollectionRow self = collectionId == null ? null : all.get(collectionId);
            if (collectionId != null && self == null) throw AppError.notFound();
            if (self != null) rights.requireRead(self.id(), self.location());
            boolean showItems = self != null || rights.root().canRead();
            Map<Long, User> users = new HashMap<>();
            List<Row> rows = new ArrayList<>();
            if (showItems) {
                if (q.models().contains("card") || q.models().contains("dataset")) {
                    repo.cardsIn(h, collectionId, q.archived()).stream().filter(e -> q.models().contains(e.model()))
                            .forEach(e -> rows.add(cardRow(h, users, e)));
                }
                if (q.models().contains("dashboard")) repo.dashboardsIn(h, collectionId, q.archived()).forEach(e -> rows.add(dashboardRow(h, users, e)));
            }
            if (q.models().contains("collection")) {
                effectiveChildren(all, rights, self, q.archived(), actor.userId()).forEach(c -> rows.add(collectionRow(all, rights, c)));
            }
            List<Object> page = rows.stream().filter(r -> pinnedMatches(r, q.pinnedState())).sorted(order(q))
                    .map(Row::view).collect(Collectors.toList());
            int total = page.size();
            int from = (int) Math.min(total, q.offset() == null ? 0 : q.offset());
            int to = q.limit() == null ? total : (int) Math.min(total, from + q.limit());
            return new ItemsPage(total, page.subList(from, to), q.models(), q.limit(), q.offset());
        });
    }

    /** Readable collections below `self` (or at the top for root) with no readable collection in between. */
    static List<CollectionRow> effectiveChildren(Map<Long, CollectionRow> all, Rights rights, CollectionRow self, boolean archived, long userId) {
        String prefix = self == null ? "/" : self.childLocation();
        return all.values().stream()
                .filter(c -> c.location().startsWith(prefix) && c.archived() == archived)
                .filter(c -> self != null ? Objects.equals(c.namespace(), self.namespace()) : c.namespace() == null)
                .filter(c -> rights.canRead(c.id(), c.location()))
                .filter(c -> !(c.isPersonal() && c.personalOwnerId() != userId))
                .filter(c -> Locations.ids(c.location().substring(prefix.length() - 1)).stream().noneMatch(a -> {
                    CollectionRow between = all.get(a);
                    return between != null && rights.canRead(between.id(), between.location());
                }))
                .toList();
    }

    private Row cardRow(Handle h, Map<Long, User> users, Entry e) {
        UserRef.LastEditInfo edit = lastEdit(h, users, e);
        return new Row(new SearchViews.CardItem(e.id(), e.name(), e.description(), e.entityId(), e.collectionPosition(),
                e.display(), e.collectionPreview(), null, true, "dataset".equals(e.model()) ? e.databaseId() : null, null,
                e.model(), e.archived(), edit), e.model(), e.name(), e.updatedAt(), edit == null ? null : edit.email(),
                e.collectionPosition() != null);
    }

    private Row dashboardRow(Handle h, Map<Long, User> users, Entry e) {
        UserRef.LastEditInfo edit = lastEdit(h, users, e);
        return new Row(new SearchViews.DashboardItem(e.id(), e.name(), e.description(), e.entityId(), e.collectionPosition(),
                "dashboard", e.archived(), edit), "dashboard", e.name(), e.updatedAt(), edit == null ? null : edit.email(),
                e.collectionPosition() != null);
    }

    private static Row collectionRow(Map<Long, CollectionRow> all, Rights rights, CollectionRow c) {
        String effective = "/" + Locations.ids(c.location()).stream()
                .filter(a -> all.containsKey(a) && rights.canRead(a, all.get(a).location()))
                .map(String::valueOf).map(s -> s + "/").collect(Collectors.joining());
        return new Row(new SearchViews.CollectionItem(c.id(), c.name(), c.description(), c.entityId(), "collection",
                c.authorityLevel(), rights.canWrite(c.id(), c.location()), c.location(), effective, c.personalOwnerId(),
                c.type(), c.archived()), "collection", c.name(), null, null, false);
    }

    private UserRef.LastEditInfo lastEdit(Handle h, Map<Long, User> users, Entry e) {
        if (e.lastEditorId() == null) return null;
        return UserRef.LastEditInfo.of(people.find(h, users, e.lastEditorId()), e.updatedAt());
    }

    private static boolean pinnedMatches(Row r, String state) {
        return switch (state) {
            case "is_pinned" -> r.pinned();
            case "is_not_pinned" -> !r.pinned();
            default -> true;
        };
    }

    private static Comparator<Row> order(ItemsQuery q) {
        Comparator<Row> byName = Comparator.comparing((Row r) -> r.name().toLowerCase(Locale.ROOT));
        Comparator<Row> primary = switch (q.sortColumn()) {
            case "model" -> Comparator.comparing((Row r) -> MODEL_RANK.getOrDefault(r.model(), 9));
            case "last_edited_at" -> Comparator.comparing(Row::editedAt, Comparator.nullsLast(Comparator.naturalOrder()));
            case "last_edited_by" -> Comparator.comparing(Row::editor, Comparator.nullsLast(Comparator.naturalOrder()));
            default -> byName;
        };
        if (q.descending()) primary = primary.reversed();
        return primary.thenComparing(byName);
    }
}
