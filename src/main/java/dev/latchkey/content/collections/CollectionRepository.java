package dev.latchkey.content.collections;

import dev.latchkey.cluster.Invalidation;
import dev.latchkey.cluster.Invalidations;
import dev.latchkey.permissions.CollectionCatalog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * SQL for collections, and for the bulk archive that reaches into cards and dashboards. Decides nothing. Every method
 * that writes the collection table publishes {@link Invalidation#collections()} in the writer's transaction, here and
 * nowhere else, so that no write path can forget it: cached listings (CollectionListings) depend on it being exact.
 */
final class CollectionRepository {
    private static final String COLUMNS = "id, entity_id, name, slug, description, color, location, personal_owner_id, "
            + "namespace, authority_level, type, archived, archived_directly, archive_operation_id, created_at";

    /** The columns above, by position (a reflective mapper cost a sixth of an admin's whole listing of 22,000 rows). */
    private static final RowMapper<CollectionRow> ROW = (rs, ctx) -> new CollectionRow(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), nullableLong(rs, 8),
            rs.getString(9), rs.getString(10), rs.getString(11), rs.getBoolean(12), nullableBoolean(rs, 13),
            rs.getString(14), rs.getLong(15));

    private final Invalidations invalidations;

    CollectionRepository(Invalidations invalidations) { this.invalidations = invalidations; }

    /** After the statement: in autocommit mode the publish waits for the other instances, so the row must be there. */
    private void written(Handle h) { invalidations.publish(h, Invalidation.collections()); }

    private <T> T written(Handle h, T result) {
        written(h);
        return result;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Boolean nullableBoolean(ResultSet rs, int column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    record NewRow(String entityId, String name, String slug, String description, String color, String location,
                  Long personalOwnerId, String namespace, String authorityLevel, long createdAt) {}

    record ItemKinds(Long collectionId, String cardType) {}

    long insert(Handle h, NewRow r) {
        return written(h, h.createUpdate("INSERT INTO collection (entity_id, name, slug, description, color, location, personal_owner_id, "
                        + "namespace, authority_level, archived, created_at) VALUES (:entityId, :name, :slug, :description, "
                        + ":color, :location, :personalOwnerId, :namespace, :authorityLevel, FALSE, :createdAt)")
                .bind("entityId", r.entityId()).bind("name", r.name()).bind("slug", r.slug())
                .bind("description", r.description()).bind("color", r.color()).bind("location", r.location())
                .bind("personalOwnerId", r.personalOwnerId()).bind("namespace", r.namespace())
                .bind("authorityLevel", r.authorityLevel()).bind("createdAt", r.createdAt())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    Optional<CollectionRow> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE id = :id").bind("id", id).map(ROW).findOne();
    }

    /**
     * The row as it is now, locked until the transaction ends: archiving, moving and adding items into a collection
     * take this lock, so they happen one after another instead of each acting on what it read before the other.
     */
    Optional<CollectionRow> findForUpdate(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE id = :id FOR UPDATE").bind("id", id).map(ROW).findOne();
    }

    /** Exact match in Java too: MariaDB's default collation compares case-insensitively. */
    Optional<CollectionRow> findByEntityId(Handle h, String entityId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE entity_id = :e").bind("e", entityId).map(ROW)
                .stream().filter(c -> c.entityId().equals(entityId)).findFirst();
    }

    Optional<CollectionRow> personalOf(Handle h, long userId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE personal_owner_id = :u").bind("u", userId).map(ROW).findOne();
    }

    List<CollectionRow> all(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collection ORDER BY id").map(ROW).list();
    }

    /**
     * Collections in id order without other people's personal collections: only those with no owner or owned by
     * `userId`; `personal` true keeps only owned ones. With `anyNamespace` false, only the given namespace (null =
     * the default one). Collections nested in someone else's personal tree still come back; callers drop them.
     */
    List<CollectionRow> withoutOthersPersonal(Handle h, long userId, boolean personal,
                                                                          boolean anyNamespace, String namespace) {
        String owner = personal ? "personal_owner_id = :me" : "(personal_owner_id IS NULL OR personal_owner_id = :me)";
        String ns = anyNamespace ? "" : namespace == null ? " AND namespace IS NULL" : " AND namespace = :ns";
        var q = h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE " + owner + ns + " ORDER BY id").bind("me", userId);
        if (!anyNamespace && namespace != null) q.bind("ns", namespace);
        return q.map(ROW).list();
    }

    /** Every collection of a namespace (null = the default one), or only personal collections, in id order. */
    List<CollectionRow> inNamespace(Handle h, String namespace, boolean personal) {
        String where = (namespace == null ? "namespace IS NULL" : "namespace = :ns") + (personal ? " AND personal_owner_id IS NOT NULL" : "");
        var q = h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE " + where + " ORDER BY id");
        if (namespace != null) q.bind("ns", namespace);
        return q.map(ROW).list();
    }

    List<CollectionRow> byIds(Handle h, Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", List.copyOf(ids)).map(ROW).list();
    }

    /**
     * Collections of any namespace whose lower-cased name contains every one of `words` (lower-case), in id order: the
     * personal ones a search by name can show, without reading them all (there are as many as people).
     */
    List<CollectionRow> nameContaining(Handle h, List<String> words) {
        StringBuilder where = new StringBuilder("1 = 1");
        for (int i = 0; i < words.size(); i++) where.append(" AND LOWER(name) LIKE :w").append(i).append(" ESCAPE '!'");
        var q = h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE " + where + " ORDER BY id");
        for (int i = 0; i < words.size(); i++) {
            q.bind("w" + i, "%" + words.get(i).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return q.map(ROW).list();
    }

    /** Every collection below the one whose child location is `prefix` (location paths hold only digits and '/'). */
    List<CollectionRow> descendants(Handle h, String prefix) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collection WHERE location LIKE :p ORDER BY id")
                .bind("p", prefix + "%").map(ROW).list();
    }

    /** Collections of the namespace (null = the default one) that are not personal collections, in id order. */
    List<CollectionCatalog.Entry> nonPersonal(Handle h, String namespace) {
        var query = namespace == null
                ? h.createQuery("SELECT id, location FROM collection WHERE namespace IS NULL AND personal_owner_id IS NULL ORDER BY id")
                : h.createQuery("SELECT id, location FROM collection WHERE namespace = :ns AND personal_owner_id IS NULL ORDER BY id")
                        .bind("ns", namespace);
        return query.map((rs, ctx) -> new CollectionCatalog.Entry(rs.getLong(1), rs.getString(2))).list();
    }

    /** Which of these ids are personal collections (IN lists of at most 1000). */
    List<Long> personalAmong(Handle h, Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += 1000) {
            out.addAll(h.createQuery("SELECT id FROM collection WHERE personal_owner_id IS NOT NULL AND id IN (<ids>)")
                    .bindList("ids", all.subList(i, Math.min(all.size(), i + 1000))).mapTo(Long.class).list());
        }
        return out;
    }

    /** The users that have a personal collection. */
    java.util.Set<Long> personalOwners(Handle h) {
        return h.createQuery("SELECT personal_owner_id FROM collection WHERE personal_owner_id IS NOT NULL")
                .mapTo(Long.class).collect(java.util.stream.Collectors.toSet());
    }

    void update(Handle h, long id, String name, String slug, String description, String color, String authorityLevel) {
        h.createUpdate("UPDATE collection SET name = :name, slug = :slug, description = :d, color = :color, "
                        + "authority_level = :a WHERE id = :id")
                .bind("name", name).bind("slug", slug).bind("d", description).bind("color", color)
                .bind("a", authorityLevel).bind("id", id).execute();
        written(h);
    }

    void setType(Handle h, long id, String type) {
        h.createUpdate("UPDATE collection SET type = :t WHERE id = :id").bind("t", type).bind("id", id).execute();
        written(h);
    }

    /** Archives or unarchives one collection by itself, outside any archive operation (serialization import). */
    void setArchivedAlone(Handle h, long id, boolean archived) {
        h.createUpdate("UPDATE collection SET archived = :a, archived_directly = :d, archive_operation_id = NULL WHERE id = :id")
                .bind("a", archived).bind("d", archived ? Boolean.TRUE : null).bind("id", id).execute();
        written(h);
    }

    /**
     * Locks the given collection rows until the transaction ends, in id order so that two movers cannot
     * deadlock; a concurrent move of the same collections waits and then sees the committed locations.
     */
    void lock(Handle h, Collection<Long> ids) {
        h.createQuery("SELECT id FROM collection WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
                .bindList("ids", List.copyOf(ids)).mapTo(Long.class).list();
    }

    void setLocation(Handle h, long id, String location) {
        h.createUpdate("UPDATE collection SET location = :l WHERE id = :id").bind("l", location).bind("id", id).execute();
        written(h);
    }

    /** Rewrites the start of every descendant's location from `oldPrefix` to `newPrefix`. */
    void moveDescendants(Handle h, String oldPrefix, String newPrefix) {
        h.createUpdate("UPDATE collection SET location = CONCAT(:np, SUBSTRING(location, :start)) WHERE location LIKE :p")
                .bind("np", newPrefix).bind("start", oldPrefix.length() + 1).bind("p", oldPrefix + "%").execute();
        written(h);
    }

    /** Archives the given collections that are not archived yet, as part of operation `op`. */
    int archiveCollections(Handle h, Collection<Long> ids, String op, boolean directly) {
        if (ids.isEmpty()) return 0;
        return written(h, h.createUpdate("UPDATE collection SET archived = TRUE, archived_directly = :d, archive_operation_id = :op "
                        + "WHERE id IN (<ids>) AND archived = FALSE")
                .bind("d", directly).bind("op", op).bindList("ids", List.copyOf(ids)).execute());
    }

    /** Unarchives the collections of one archive operation that are still among the given ones. */
    int unarchive(Handle h, String op, Collection<Long> ids) {
        return written(h, h.createUpdate("UPDATE collection SET archived = FALSE, archived_directly = NULL, archive_operation_id = NULL "
                        + "WHERE archive_operation_id = :op AND id IN (<ids>)")
                .bind("op", op).bindList("ids", List.copyOf(ids)).execute());
    }

    int unarchiveOne(Handle h, long id) {
        return written(h, h.createUpdate("UPDATE collection SET archived = FALSE, archived_directly = NULL, archive_operation_id = NULL "
                + "WHERE id = :id").bind("id", id).execute());
    }

    /** Which kinds of question (card_type) sit directly in each collection, for the tree's here/below. */
    List<ItemKinds> cardKinds(Handle h) {
        return h.createQuery("SELECT DISTINCT collection_id, card_type FROM report_card WHERE archived = FALSE")
                .map((rs, ctx) -> new ItemKinds((Long) rs.getObject(1, Long.class), rs.getString(2))).list();
    }
}
