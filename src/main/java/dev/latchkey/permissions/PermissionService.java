package dev.latchkey.permissions;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.core.Json;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.groups.GroupService;
import org.jdbi.v3.core.Handle;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    public PermissionService(Database db, GroupService groups, AuditLog audit) {
        this.db = db;
        this.groups = groups;
        this.audit = audit;
    }

    /**
     * The caller's rights, read inside the caller's handle. Nothing is cached: a membership change or a
     * deleted group applies to the very next request, for sessions and API keys alike.
     */
    public Rights rightsOf(Handle h, Actor actor) {
        Long personal = repo.personalCollectionOf(h, actor.userId());
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

    /** GET /api/collection/graph: every group's right on root and on every collection outside personal trees. */
    public GraphView graph(Actor actor, String namespace) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> GraphView.of(repo.currentRevision(h), currentGraph(h, namespace)));
    }

    /**
     * PUT /api/collection/graph: applies the cells that differ from the current graph, as one new revision.
     * A stale revision is a 409 and changes nothing; cells for unknown groups or collections are ignored.
     */
    public GraphView updateGraph(Actor actor, GraphUpdate update) {
        Check.permitted(actor.superuser());
        return db.inTransaction(h -> {
            long current = repo.currentRevision(h);
            if (update.revision() != current) throw AppError.conflict(STALE);
            Map<Long, Map<Long, Level>> before = currentGraph(h, update.namespace());
            Map<Long, Map<Long, Level>> changes = diff(before, update.groups());
            if (!changes.isEmpty()) apply(h, actor, current + 1, before, changes, update.namespace());
            return GraphView.of(repo.currentRevision(h), currentGraph(h, update.namespace()));
        });
    }

    private void apply(Handle h, Actor actor, long revision, Map<Long, Map<Long, Level>> before,
                       Map<Long, Map<Long, Level>> changes, String namespace) {
        Map<String, Object> beforeDoc = new LinkedHashMap<>();
        beforeDoc.put("revision", revision - 1);
        beforeDoc.put("groups", GraphView.wire(before));
        beforeDoc.put("namespace", namespace);
        try {
            repo.insertRevision(h, revision, Json.write(beforeDoc), Json.write(GraphView.wire(changes)), actor.userId());
        } catch (RuntimeException e) {
            if (lostRace(e)) throw AppError.conflict(STALE);
            throw e;
        }
        // The changed groups' rows are locked first, as deleting a group locks its row: a delete that got there first
        // is seen (409), a later one waits and removes these rows with the group. The foreign key alone let H2 keep
        // permissions of a deleted group.
        if (repo.lockGroups(h, changes.keySet()) < changes.size()) throw AppError.conflict(STALE);
        try {
            changes.forEach((g, cells) -> cells.forEach((c, level) -> repo.setGrant(h, g, c, level)));
        } catch (RuntimeException e) {
            // a group deleted while this change was being made: the caller's graph is out of date
            if (SqlErrors.isForeignKeyViolation(e)) throw AppError.conflict(STALE);
            throw e;
        }
        Map<Long, Map<Long, Level>> previous = new LinkedHashMap<>();
        changes.forEach((g, cells) -> cells.keySet().forEach(c ->
                previous.computeIfAbsent(g, k -> new LinkedHashMap<>()).put(c, before.get(g).get(c))));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("revision", revision);
        details.put("namespace", namespace);
        details.put("previous", GraphView.wire(previous));
        details.put("new", GraphView.wire(changes));
        audit.record(h, actor.userId(), GRAPH_TOPIC, "CollectionPermissionGraphRevision", revision, details);
    }

    /** The cells of `wanted` that exist in `current` and differ from it; the admin group may only say write. */
    private Map<Long, Map<Long, Level>> diff(Map<Long, Map<Long, Level>> current, Map<Long, Map<Long, Level>> wanted) {
        Map<Long, Map<Long, Level>> changes = new LinkedHashMap<>();
        wanted.forEach((g, cells) -> {
            Map<Long, Level> now = current.get(g);
            if (now == null) return;
            cells.forEach((c, level) -> {
                if (!now.containsKey(c) || now.get(c) == level) return;
                if (g == groups.adminId()) throw AppError.badRequest(ADMIN_GROUP);
                changes.computeIfAbsent(g, k -> new LinkedHashMap<>()).put(c, level);
            });
        });
        return changes;
    }

    private Map<Long, Map<Long, Level>> currentGraph(Handle h, String namespace) {
        Set<Long> personal = new HashSet<>(repo.personalCollectionIds(h));
        List<Long> visible = repo.collections(h, namespace).stream()
                .filter(c -> c.personalOwnerId() == null && !personal.contains(topLevelId(c.id(), c.location())))
                .map(PermissionRepository.GraphCollection::id).toList();
        Map<Long, Map<Long, Level>> grants = new HashMap<>();
        for (PermissionRepository.Grant g : repo.allGrants(h)) {
            grants.computeIfAbsent(g.groupId(), k -> new HashMap<>()).put(g.collectionId(), g.level());
        }
        Map<Long, Map<Long, Level>> graph = new LinkedHashMap<>();
        for (long g : repo.groupIds(h)) {
            Map<Long, Level> mine = grants.getOrDefault(g, Map.of());
            Map<Long, Level> row = new LinkedHashMap<>();
            boolean admin = g == groups.adminId();
            row.put(Rights.ROOT, admin ? Level.WRITE : mine.getOrDefault(Rights.ROOT, Level.NONE));
            for (long c : visible) row.put(c, admin ? Level.WRITE : mine.getOrDefault(c, Level.NONE));
            graph.put(g, row);
        }
        return graph;
    }

    /** The first id of a location path ("/4/9/" gives 4), or the collection itself when it is top-level. */
    static long topLevelId(long id, String location) {
        if (location == null || location.equals("/")) return id;
        return Long.parseLong(location.substring(1, location.indexOf('/', 1)));
    }

    /** A duplicate revision number, or a lock the winner held until it committed (H2 may time out instead). */
    private static boolean lostRace(Throwable e) {
        if (SqlErrors.isUniqueViolation(e) || SqlErrors.isRetryable(e)) return true;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("HYT00".equals(s.getSQLState()) || s.getErrorCode() == 50200)) return true;
        }
        return false;
    }
}
