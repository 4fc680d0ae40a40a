package dev.latchkey.permissions;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.core.Json;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.groups.GroupService;
import org.jdbi.v3.core.Handle;

import dev.latchkey.core.JsonBody;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collection permissions: the rights every content service checks first, and the graph admins edit.
 * Invariants: Administrators can write everywhere and have no rows; collections inside a personal tree have
 * no rows (only their owner and admins reach them); each accepted graph change gets the next revision
 * number, claimed by inserting it as a primary key, so two writers from the same revision cannot both win.
 */
public final class PermissionService {
    public static final String STALE = "Looks like someone else edited the permissions and your data is out of date. "
            + "Please fetch new data and try again.";
    public static final String ADMIN_GROUP = "You cannot create or revoke permissions for the 'Admin' group.";
    public static final String GRAPH_TOPIC = "collection-permission-graph-update";

    private final Database db;
    private final GroupService groups;
    private final AuditLog audit;
    private final PermissionRepository repo = new PermissionRepository();
    private final CollectionCatalog catalog;
    private final PermissionGraph graph;

    public PermissionService(Database db, GroupService groups, AuditLog audit, CollectionCatalog catalog) {
        this.catalog = catalog;
        this.graph = new PermissionGraph(repo, catalog);
        this.db = db;
        this.groups = groups;
        this.audit = audit;
    }

    /**
     * The caller's rights, read inside the caller's handle. Nothing is cached: a membership change or a
     * deleted group applies to the very next request, for sessions and API keys alike.
     */
    public Rights rightsOf(Handle h, Actor actor) {
        Long personal = catalog.personalCollectionOf(h, actor.userId());
        Map<Long, Level> granted = actor.superuser() ? Map.of() : repo.grantsOf(h, actor.userId());
        return new Rights(actor.userId(), actor.superuser(), personal, granted);
    }

    public Rights rightsOf(Actor actor) { return db.withHandle(h -> rightsOf(h, actor)); }

    /** Inside the creating transaction: a new collection gets its parent's rows (the root's when top-level). */
    public void inherit(Handle h, Long parentId, long collectionId) {
        repo.copyGrants(h, parentId == null ? Rights.ROOT : parentId, collectionId);
    }

    /** Inside a move into a personal tree: the moved collections lose all group rows. */
    public void forget(Handle h, Collection<Long> collectionIds) { repo.deleteGrants(h, collectionIds); }

    /**
     * GET /api/collection/graph: every group's right (or only the given groups', when not null) on root and on every
     * collection outside personal trees, streamed from one consistent snapshot.
     */
    public JsonBody graph(Actor actor, String namespace, List<Long> onlyGroups) {
        Check.permitted(actor.superuser());
        return out -> db.readSnapshot(h -> graph.write(h, out, namespace, onlyGroups, groups.adminId()));
    }

    /**
     * PUT /api/collection/graph: applies the cells that differ from the current graph, as one new revision, and
     * returns the revision the graph is at afterwards. A stale revision is a 409 and changes nothing, unless `force`
     * (then the change applies to whatever is current, retried when another writer takes the next number first);
     * cells for unknown groups or for collections outside the graph are ignored.
     */
    public long updateGraph(Actor actor, GraphUpdate update, boolean force) {
        Check.permitted(actor.superuser());
        for (int attempt = 1; ; attempt++) {
            try {
                return db.inTransaction(h -> {
                    long current = repo.currentRevision(h);
                    if (!force && (update.revision() == null || update.revision() != current)) throw AppError.conflict(STALE);
                    GraphChange change = diff(h, update);
                    if (change.isEmpty()) return current;
                    apply(h, actor, current + 1, change, update.namespace());
                    return current + 1;
                });
            } catch (LostRace e) {
                if (!force || attempt >= 3) throw AppError.conflict(STALE);
            }
        }
    }

    private void apply(Handle h, Actor actor, long revision, GraphChange change, String namespace) {
        try {
            repo.insertRevision(h, revision, Json.write(change.beforeDocument(revision - 1, namespace)),
                    Json.write(change.after()), actor.userId());
        } catch (RuntimeException e) {
            if (lostRace(e)) throw new LostRace();
            throw e;
        }
        Map<Long, List<GraphChange.Cell>> byGroup = new TreeMap<>();
        change.cells().forEach(c -> byGroup.computeIfAbsent(c.groupId(), k -> new ArrayList<>()).add(c));
        // The changed groups' rows are locked first, as deleting a group locks its row: a delete that got there first
        // is seen (409), a later one waits and removes these rows with the group. The foreign key alone let H2 keep
        // permissions of a deleted group.
        if (repo.lockGroups(h, byGroup.keySet()) < byGroup.size()) throw AppError.conflict(STALE);
        try {
            byGroup.forEach((g, cells) -> repo.deleteGrants(h, g, cells.stream()
                    .filter(c -> c.before() != Level.NONE).map(GraphChange.Cell::collectionId).toList()));
            repo.insertGrants(h, change.cells().stream().filter(c -> c.after() != Level.NONE)
                    .map(c -> new PermissionRepository.Grant(c.groupId(), c.collectionId(), c.after())).toList());
        } catch (RuntimeException e) {
            // a group deleted while this change was being made: the caller's graph is out of date
            if (SqlErrors.classify(e) == SqlErrors.Kind.FOREIGN_KEY) throw AppError.conflict(STALE);
            throw e;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("revision", revision);
        details.put("namespace", namespace);
        details.put("previous", change.before());
        details.put("new", change.after());
        audit.record(h, actor.userId(), GRAPH_TOPIC, "CollectionPermissionGraphRevision", revision, details);
    }

    /**
     * The cells of the update that are in the graph (existing group; root or a graph collection) and differ from
     * it, read from the rows of the mentioned groups only; the admin group may only say write.
     */
    private GraphChange diff(Handle h, GraphUpdate update) {
        List<Long> known = repo.groupIds(h, update.groups().keySet());
        if (known.isEmpty()) return new GraphChange(List.of());
        long[] collections = graph.collections(h, update.namespace());
        Map<Long, Map<Long, Level>> rows = repo.grantsOfGroups(h, known);
        List<GraphChange.Cell> cells = new ArrayList<>();
        for (long g : known) {
            Map<Long, Level> now = rows.getOrDefault(g, Map.of());
            update.groups().get(g).forEach((c, level) -> {
                if (c != Rights.ROOT && Arrays.binarySearch(collections, c) < 0) return;
                Level before = g == groups.adminId() ? Level.WRITE : now.getOrDefault(c, Level.NONE);
                if (before == level) return;
                if (g == groups.adminId()) throw AppError.badRequest(ADMIN_GROUP);
                cells.add(new GraphChange.Cell(g, c, before, level));
            });
        }
        return new GraphChange(cells);
    }

    /** Another writer claimed the next revision number first. */
    private static final class LostRace extends RuntimeException {
        LostRace() { super(null, null, false, false); }
    }

    /** A duplicate revision number, or a lock the winner held until it committed (H2 may time out instead). */
    private static boolean lostRace(Throwable e) {
        var kind = SqlErrors.classify(e);
        return kind == SqlErrors.Kind.UNIQUE || kind == SqlErrors.Kind.RETRYABLE || kind == SqlErrors.Kind.TIMEOUT;
    }
}
