package dev.latchkey.content.collections;

import dev.latchkey.content.ItemArchive;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.AppError;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Moving and (un)archiving a collection together with its subtree, inside the caller's transaction.
 * Archiving stamps one archive operation id on the collection, on its not-yet-archived descendants and on
 * their not-yet-archived cards and dashboards; unarchiving clears exactly the rows carrying that id, so
 * things archived on their own before stay archived.
 */
final class CollectionMoves {
    static final String INTO_ITSELF = "You cannot move a Collection into itself or into one of its descendants.";
    static final String ARCHIVED_PARENT = "You cannot put a Collection into an archived Collection.";
    static final String UNARCHIVE_UNDER_ARCHIVED = "You cannot unarchive a Collection whose parent is archived.";
    static final String NAMESPACE = "Collection must be in the same namespace as its parent";

    private final CollectionRepository repo;
    private final CollectionPlacement placement;
    private final PermissionService permissions;
    private final AuditLog audit;
    private final ItemArchive cards;
    private final ItemArchive dashboards;

    CollectionMoves(CollectionRepository repo, CollectionPlacement placement, PermissionService permissions, AuditLog audit,
                    ItemArchive cards, ItemArchive dashboards) {
        this.cards = cards;
        this.dashboards = dashboards;
        this.repo = repo;
        this.placement = placement;
        this.permissions = permissions;
        this.audit = audit;
    }

    /** Moves `c` and its subtree under `newParentId` (null = root). Needs write on both parents and the whole subtree. */
    void move(Handle h, Rights rights, long actorId, CollectionRow stale, Long newParentId) {
        if (Objects.equals(newParentId, stale.parentId())) return;
        repo.lock(h, newParentId == null ? List.of(stale.id()) : List.of(stale.id(), newParentId));
        CollectionRow c = repo.find(h, stale.id()).orElseThrow(AppError::notFound);
        requireWriteOnParent(h, rights, c);
        CollectionRow newParent = placement.check(h, rights, newParentId, !c.archived(), "parent_id", ARCHIVED_PARENT);
        List<CollectionRow> subtree = subtree(h, rights, c);
        if (newParent != null) {
            if (newParent.id() == c.id() || newParent.location().startsWith(c.childLocation())) throw AppError.badRequest(INTO_ITSELF);
            if (!Objects.equals(newParent.namespace(), c.namespace())) throw AppError.badRequest(NAMESPACE);
        }
        boolean wasPersonal = inPersonalTree(h, c);
        boolean nowPersonal = newParent != null && inPersonalTree(h, newParent);
        String newLocation = newParent == null ? "/" : newParent.childLocation();
        repo.moveDescendants(h, c.childLocation(), newLocation + c.id() + "/");
        repo.setLocation(h, c.id(), newLocation);
        List<Long> ids = subtree.stream().map(CollectionRow::id).toList();
        if (!wasPersonal && nowPersonal) permissions.forget(h, ids);
        if (wasPersonal && !nowPersonal) ids.forEach(id -> permissions.inherit(h, newParentId, id));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", c.name());
        details.put("from_parent_id", c.parentId());
        details.put("to_parent_id", newParentId);
        details.put("collections_moved", ids.size());
        audit.record(h, actorId, "collection-move", "Collection", c.id(), details);
    }

    /** Archives `c`, its descendants and everything in them as one operation. */
    void archive(Handle h, Rights rights, long actorId, CollectionRow c) {
        requireWriteOnParent(h, rights, c);
        List<CollectionRow> subtree = subtree(h, rights, c);
        String op = UUID.randomUUID().toString();
        List<Long> ids = subtree.stream().map(CollectionRow::id).toList();
        repo.archiveCollections(h, List.of(c.id()), op, true);
        int collections = 1 + repo.archiveCollections(h, ids.subList(1, ids.size()), op, false);
        int cardCount = cards.archiveIn(h, ids, op);
        int dashboardCount = dashboards.archiveIn(h, ids, op);
        audit.record(h, actorId, "collection-archive", "Collection", c.id(), counts(c, op, collections, cardCount, dashboardCount));
    }

    /** Restores what archiving `c` archived (and is still inside it); the parent must not be archived. */
    void unarchive(Handle h, Rights rights, long actorId, CollectionRow c) {
        requireWriteOnParent(h, rights, c);
        placement.check(h, null, c.parentId(), true, "archived", UNARCHIVE_UNDER_ARCHIVED); // rights: checked just above
        List<Long> ids = subtree(h, rights, c).stream().map(CollectionRow::id).toList();
        String op = c.archiveOperationId();
        // a row archived without an operation (e.g. loaded from an export) comes back alone
        int collections = op == null ? repo.unarchiveOne(h, c.id()) : repo.unarchive(h, op, ids);
        int cardCount = op == null ? 0 : cards.unarchiveIn(h, op, ids);
        int dashboardCount = op == null ? 0 : dashboards.unarchiveIn(h, op, ids);
        audit.record(h, actorId, "collection-unarchive", "Collection", c.id(), counts(c, op, collections, cardCount, dashboardCount));
    }

    /** The collection followed by all its descendants; 403 unless the caller can write every one of them. */
    private List<CollectionRow> subtree(Handle h, Rights rights, CollectionRow c) {
        List<CollectionRow> all = new ArrayList<>();
        all.add(c);
        all.addAll(repo.descendants(h, c.childLocation()));
        for (CollectionRow d : all) rights.requireWrite(d.id(), d.location());
        return all;
    }

    private void requireWriteOnParent(Handle h, Rights rights, CollectionRow c) {
        Long parentId = c.parentId();
        if (parentId == null) {
            if (!c.isPersonal()) rights.requireWrite(null, null);
            return;
        }
        CollectionRow parent = repo.find(h, parentId).orElseThrow(AppError::notFound);
        rights.requireWrite(parent.id(), parent.location());
    }

    boolean inPersonalTree(Handle h, CollectionRow c) { return c.inPersonalTree(id -> repo.find(h, id).orElse(null)); }

    private static Map<String, Object> counts(CollectionRow c, String op, int collections, int cards, int dashboards) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", c.name());
        details.put("archive_operation_id", op);
        details.put("collections", collections);
        details.put("cards", cards);
        details.put("dashboards", dashboards);
        return details;
    }
}
