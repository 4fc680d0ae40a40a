package dev.latchkey.permissions;

import org.jdbi.v3.core.Handle;

import org.jdbi.v3.core.mapper.RowMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL for collection permission rows and graph revisions. Decides nothing. */
final class PermissionRepository {

    record Grant(long groupId, long collectionId, Level level) {}

    private static final RowMapper<Grant> GRANT =
            (rs, ctx) -> new Grant(rs.getLong(1), rs.getLong(2), Level.parse("perm", rs.getString(3)));
    private static final int CHUNK = 1000;
    private static final int INSERT_ROWS = 500;

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

    /** Group ids in id order: all of them, or those of `only` that exist. */
    List<Long> groupIds(Handle h, Collection<Long> only) {
        if (only == null) return h.createQuery("SELECT id FROM permissions_group ORDER BY id").mapTo(Long.class).list();
        if (only.isEmpty()) return List.of();
        return h.createQuery("SELECT id FROM permissions_group WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", List.copyOf(only)).mapTo(Long.class).list();
    }

    /** Takes permission rows one by one, without an object per row (a dense graph has 4 million of them). */
    interface GrantSink {
        void grant(long groupId, long collectionId, Level level) throws IOException;
    }

    /**
     * The permission rows of the given groups (all groups when null), ordered by group then collection, handed to the
     * sink as they are read; an IOException of the sink comes out as UncheckedIOException.
     */
    void grantsInOrder(Handle h, Collection<Long> groupIds, GrantSink sink) {
        var query = groupIds == null
                ? h.createQuery("SELECT group_id, collection_id, perm FROM collection_permission ORDER BY group_id, collection_id")
                : h.createQuery("SELECT group_id, collection_id, perm FROM collection_permission WHERE group_id IN (<ids>) "
                        + "ORDER BY group_id, collection_id").bindList("ids", List.copyOf(groupIds));
        query.setFetchSize(10_000).scanResultSet((supplier, ctx) -> {
            ResultSet rs = supplier.get();
            try {
                while (rs.next()) sink.grant(rs.getLong(1), rs.getLong(2), level(rs.getString(3)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** The stored words, compared before Level.parse's switch (which hashes each fresh string). */
    private static Level level(String perm) {
        if ("read".equals(perm)) return Level.READ;
        return "write".equals(perm) ? Level.WRITE : Level.parse("perm", perm);
    }

    /** The rows of the given groups, by group and collection. */
    Map<Long, Map<Long, Level>> grantsOfGroups(Handle h, Collection<Long> groupIds) {
        Map<Long, Map<Long, Level>> out = new HashMap<>();
        for (List<Long> chunk : chunks(groupIds)) {
            h.createQuery("SELECT group_id, collection_id, perm FROM collection_permission WHERE group_id IN (<ids>)")
                    .bindList("ids", chunk).map(GRANT)
                    .forEach(g -> out.computeIfAbsent(g.groupId(), k -> new HashMap<>()).put(g.collectionId(), g.level()));
        }
        return out;
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

    /** Removes the rows of one group on these collections, in statements of up to 1000 ids. */
    void deleteGrants(Handle h, long groupId, Collection<Long> collectionIds) {
        for (List<Long> chunk : chunks(collectionIds)) {
            h.createUpdate("DELETE FROM collection_permission WHERE group_id = :g AND collection_id IN (<ids>)")
                    .bind("g", groupId).bindList("ids", chunk).execute();
        }
    }

    /**
     * Inserts the given rows, 500 to a multi-row INSERT: a JDBC batch still ran one statement per row on the server
     * (10,000 cells took seconds on MariaDB).
     */
    void insertGrants(Handle h, List<Grant> grants) {
        for (int from = 0; from < grants.size(); from += INSERT_ROWS) {
            List<Grant> chunk = grants.subList(from, Math.min(grants.size(), from + INSERT_ROWS));
            StringBuilder sql = new StringBuilder("INSERT INTO collection_permission (group_id, collection_id, perm) VALUES ");
            for (int i = 0; i < chunk.size(); i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, ?)");
            var update = h.createUpdate(sql.toString());
            for (int i = 0; i < chunk.size(); i++) {
                update.bind(3 * i, chunk.get(i).groupId()).bind(3 * i + 1, chunk.get(i).collectionId())
                        .bind(3 * i + 2, chunk.get(i).level().wire());
            }
            update.execute();
        }
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

    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        return out;
    }
}
