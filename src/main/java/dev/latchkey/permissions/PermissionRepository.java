package dev.latchkey.permissions;

import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL for collection permission rows and graph revisions. Decides nothing. */
final class PermissionRepository {

    record Grant(long groupId, long collectionId, Level level) {}

    record GraphCollection(long id, String location, Long personalOwnerId) {}

    Long personalCollectionOf(Handle h, long userId) {
        return h.createQuery("SELECT id FROM collection WHERE personal_owner_id = :u").bind("u", userId)
                .mapTo(Long.class).findOne().orElse(null);
    }

    /** The best right per collection over all the user's groups. */
    Map<Long, Level> grantsOf(Handle h, long userId) {
        Map<Long, Level> out = new HashMap<>();
        h.createQuery("SELECT p.collection_id, p.perm FROM collection_permission p "
                        + "JOIN permissions_group_membership m ON m.group_id = p.group_id WHERE m.user_id = :u")
                .bind("u", userId)
                .map((rs, ctx) -> new Grant(0, rs.getLong(1), Level.parse("perm", rs.getString(2))))
                .forEach(g -> out.merge(g.collectionId(), g.level(), Level::max));
        return out;
    }

    List<Long> groupIds(Handle h) {
        return h.createQuery("SELECT id FROM permissions_group ORDER BY id").mapTo(Long.class).list();
    }

    List<GraphCollection> collections(Handle h, String namespace) {
        var query = namespace == null
                ? h.createQuery("SELECT id, location, personal_owner_id FROM collection WHERE namespace IS NULL ORDER BY id")
                : h.createQuery("SELECT id, location, personal_owner_id FROM collection WHERE namespace = :ns ORDER BY id").bind("ns", namespace);
        return query.map((rs, ctx) -> new GraphCollection(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3, Long.class)))
                .list();
    }

    /** Every personal collection id (for telling personal trees apart). */
    List<Long> personalCollectionIds(Handle h) {
        return h.createQuery("SELECT id FROM collection WHERE personal_owner_id IS NOT NULL").mapTo(Long.class).list();
    }

    List<Grant> allGrants(Handle h) {
        return h.createQuery("SELECT group_id, collection_id, perm FROM collection_permission")
                .map((rs, ctx) -> new Grant(rs.getLong(1), rs.getLong(2), Level.parse("perm", rs.getString(3)))).list();
    }

    long currentRevision(Handle h) {
        return h.createQuery("SELECT COALESCE(MAX(id), 0) FROM collection_permission_graph_revision").mapTo(Long.class).one();
    }

    /** Claims revision number `id`; a unique violation means another writer claimed it first. */
    void insertRevision(Handle h, long id, String before, String after, long userId) {
        h.createUpdate("INSERT INTO collection_permission_graph_revision (id, before_graph, after_graph, user_id, created_at) "
                        + "VALUES (:id, :before, :after, :user, :at)")
                .bind("id", id).bind("before", before).bind("after", after).bind("user", userId)
                .bind("at", System.currentTimeMillis()).execute();
    }

    /** Locks these groups' rows (id order) until the transaction ends; returns how many exist. */
    int lockGroups(Handle h, java.util.Collection<Long> groupIds) {
        return h.createQuery("SELECT id FROM permissions_group WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
                .bindList("ids", List.copyOf(groupIds)).mapTo(Long.class).list().size();
    }

    void setGrant(Handle h, long groupId, long collectionId, Level level) {
        h.createUpdate("DELETE FROM collection_permission WHERE group_id = :g AND collection_id = :c")
                .bind("g", groupId).bind("c", collectionId).execute();
        if (level == Level.NONE) return;
        h.createUpdate("INSERT INTO collection_permission (group_id, collection_id, perm) VALUES (:g, :c, :p)")
                .bind("g", groupId).bind("c", collectionId).bind("p", level.wire()).execute();
    }

    /** Gives `to` the same rows as `from` (which may be the root, 0), replacing any rows `to` had. */
    void copyGrants(Handle h, long from, long to) {
        h.createUpdate("DELETE FROM collection_permission WHERE collection_id = :to").bind("to", to).execute();
        h.createUpdate("INSERT INTO collection_permission (group_id, collection_id, perm) "
                        + "SELECT group_id, :to, perm FROM collection_permission WHERE collection_id = :from")
                .bind("to", to).bind("from", from).execute();
    }

    void deleteGrants(Handle h, Collection<Long> collectionIds) {
        if (collectionIds.isEmpty()) return;
        h.createUpdate("DELETE FROM collection_permission WHERE collection_id IN (<ids>)")
                .bindList("ids", List.copyOf(collectionIds)).execute();
    }
}
