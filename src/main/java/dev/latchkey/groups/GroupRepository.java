package dev.latchkey.groups;

import org.jdbi.v3.core.Handle;

import org.jdbi.v3.core.result.ResultIterator;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for permission groups and memberships. Decides nothing. */
final class GroupRepository {

    /** A group row: role is null for ordinary groups, 'all-users' or 'admin' for the two built-in ones. */
    record Group(long id, String name, String role) {}

    /** A membership row. */
    record Membership(long id, long userId, long groupId, boolean manager) {}

    long idForRole(Handle h, String role) {
        return h.createQuery("SELECT id FROM permissions_group WHERE role = :role")
                .bind("role", role).mapTo(Long.class).one();
    }

    /** A listed group and its membership rows (null for the built-in groups, which do not keep them). */
    record Listed(Group group, Long memberRows) {}

    /** Groups by lower-case name (a page of them when limit is set), with their kept membership rows. */
    List<Listed> list(Handle h, Long limit, Long offset) {
        String paging = limit == null ? "" : " LIMIT " + limit + " OFFSET " + (offset == null ? 0 : offset);
        return h.createQuery("SELECT id, name, role, member_rows FROM permissions_group ORDER BY name_key, id" + paging)
                .map((rs, ctx) -> new Listed(new Group(rs.getLong("id"), rs.getString("name"), rs.getString("role")),
                        (Long) rs.getObject("member_rows", Long.class))).list();
    }

    /** Membership rows of one group, counted (the built-in groups keep no member_rows). */
    long membershipRows(Handle h, long groupId) {
        return h.createQuery("SELECT COUNT(*) FROM permissions_group_membership WHERE group_id = :g")
                .bind("g", groupId).mapTo(Long.class).one();
    }

    /** Changes an ordinary group's kept membership rows; the caller holds the group's row lock or takes it here. */
    void addMemberRows(Handle h, long groupId, long delta) {
        h.createUpdate("UPDATE permissions_group SET member_rows = member_rows + :d WHERE id = :g")
                .bind("d", delta).bind("g", groupId).execute();
    }

    /** Memberships of inactive users per group (groups without any are absent): few, found by idx_core_user_active. */
    Map<Long, Long> inactiveMemberCounts(Handle h) {
        Map<Long, Long> out = new HashMap<>();
        h.createQuery("SELECT m.group_id, COUNT(*) FROM core_user u JOIN permissions_group_membership m ON m.user_id = u.id "
                        + "WHERE u.is_active = FALSE GROUP BY m.group_id")
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Active members per group (groups without any are absent), in one grouped query: of every group, or of the
     * given ones. A count subquery per group made 2,002 loops.
     */
    Map<Long, Long> activeMemberCounts(Handle h, Collection<Long> groupIds) {
        String where = groupIds == null ? "" : " AND m.group_id IN (<ids>)";
        var query = h.createQuery("SELECT m.group_id, COUNT(*) FROM permissions_group_membership m "
                + "JOIN core_user u ON u.id = m.user_id WHERE u.is_active = TRUE" + where + " GROUP BY m.group_id");
        if (groupIds != null) query.bindList("ids", List.copyOf(groupIds));
        Map<Long, Long> out = new HashMap<>();
        query.map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Per user, the lowest-id group other than `except` (see GroupService.firstGroupBesidesAllUsers). */
    java.util.Map<Long, GroupRef> firstGroupBesides(Handle h, long except, java.util.Collection<Long> userIds) {
        java.util.Map<Long, GroupRef> out = new java.util.HashMap<>();
        List<Long> all = List.copyOf(userIds);
        for (int i = 0; i < all.size(); i += 1000) { // IN lists of at most 1000
            h.createQuery("SELECT m.user_id, g.id, g.name FROM permissions_group_membership m "
                            + "JOIN permissions_group g ON g.id = m.group_id WHERE g.id <> :except AND m.user_id IN (<ids>) ORDER BY g.id")
                    .bind("except", except).bindList("ids", all.subList(i, Math.min(all.size(), i + 1000)))
                    .map((rs, ctx) -> java.util.Map.entry(rs.getLong("user_id"), new GroupRef(rs.getLong("id"), rs.getString("name"))))
                    .forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
        }
        return out;
    }

    Optional<Group> find(Handle h, long id) {
        return h.createQuery("SELECT id, name, role FROM permissions_group WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Group(rs.getLong("id"), rs.getString("name"), rs.getString("role"))).findOne();
    }

    /**
     * Locks a group row until the transaction ends, so checks that depend on its members cannot interleave.
     * False when there is no such group (any more).
     */
    boolean lock(Handle h, long id) {
        return !h.createQuery("SELECT id FROM permissions_group WHERE id = :id FOR UPDATE").bind("id", id).mapTo(Long.class).list().isEmpty();
    }

    Optional<Long> idByNameKey(Handle h, String nameKey) {
        return h.createQuery("SELECT id FROM permissions_group WHERE name_key = :k").bind("k", nameKey).mapTo(Long.class).findOne();
    }

    boolean nameTaken(Handle h, String nameKey, long exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM permissions_group WHERE name_key = :k AND id <> :id")
                .bind("k", nameKey).bind("id", exceptId).mapTo(Long.class).one() > 0;
    }

    long insert(Handle h, String name, String nameKey) {
        return h.createUpdate("INSERT INTO permissions_group (name, name_key, member_rows) VALUES (:name, :k, 0)")
                .bind("name", name).bind("k", nameKey).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    void rename(Handle h, long id, String name, String nameKey) {
        h.createUpdate("UPDATE permissions_group SET name = :name, name_key = :k WHERE id = :id")
                .bind("name", name).bind("k", nameKey).bind("id", id).execute();
    }

    void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM permissions_group WHERE id = :id").bind("id", id).execute();
    }

    /** Active members of a group, ordered as Metabase shows them (lower first name, then lower last name). */
    List<MemberView> members(Handle h, long groupId) { return members(h, groupId, null, 0); }

    /** One page of them (all when limit is null). */
    List<MemberView> members(Handle h, long groupId, Long limit, long offset) {
        String paging = limit == null ? "" : " LIMIT " + limit + " OFFSET " + offset;
        return h.createQuery("SELECT m.id AS membership_id, m.is_group_manager, u.id AS user_id, u.first_name, u.last_name, "
                        + "u.email FROM permissions_group_membership m JOIN core_user u ON u.id = m.user_id "
                        + "WHERE m.group_id = :g AND u.is_active = TRUE "
                        + "ORDER BY u.sort_first_name, u.sort_last_name, u.id" + paging)
                .bind("g", groupId)
                .map((rs, ctx) -> new MemberView(rs.getLong("user_id"), rs.getLong("membership_id"),
                        rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                        rs.getBoolean("is_group_manager")))
                .list();
    }

    /** Every membership in (user, group) order, read as the caller iterates (the caller closes the iterator). */
    ResultIterator<Membership> allMemberships(Handle h) {
        return h.createQuery("SELECT id, user_id, group_id, is_group_manager FROM permissions_group_membership "
                        + "ORDER BY user_id, group_id")
                .setFetchSize(2000)
                .map((rs, ctx) -> new Membership(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("group_id"),
                        rs.getBoolean("is_group_manager")))
                .iterator();
    }

    Optional<Membership> findMembership(Handle h, long id) {
        return h.createQuery("SELECT id, user_id, group_id, is_group_manager FROM permissions_group_membership WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Membership(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("group_id"),
                        rs.getBoolean("is_group_manager")))
                .findOne();
    }

    List<Long> memberIds(Handle h, long groupId) {
        return h.createQuery("SELECT user_id FROM permissions_group_membership WHERE group_id = :g ORDER BY user_id")
                .bind("g", groupId).mapTo(Long.class).list();
    }

    void deleteAllMemberships(Handle h, long groupId) {
        h.createUpdate("DELETE FROM permissions_group_membership WHERE group_id = :g").bind("g", groupId).execute();
    }

    boolean userExists(Handle h, long userId) {
        return h.createQuery("SELECT COUNT(*) FROM core_user WHERE id = :id").bind("id", userId).mapTo(Long.class).one() > 0;
    }

    List<Long> groupIdsOf(Handle h, long userId) {
        return h.createQuery("SELECT group_id FROM permissions_group_membership WHERE user_id = :u ORDER BY group_id")
                .bind("u", userId).mapTo(Long.class).list();
    }

    java.util.Map<Long, List<Long>> groupIdsOf(Handle h, java.util.Collection<Long> userIds) {
        java.util.Map<Long, List<Long>> byUser = new java.util.HashMap<>();
        List<Long> all = List.copyOf(userIds);
        for (int i = 0; i < all.size(); i += 1000) { // IN lists of at most 1000: an unpaged people list has 20,000
            h.createQuery("SELECT user_id, group_id FROM permissions_group_membership WHERE user_id IN (<ids>) "
                            + "ORDER BY user_id, group_id")
                    .bindList("ids", all.subList(i, Math.min(all.size(), i + 1000)))
                    .map((rs, ctx) -> new long[] {rs.getLong("user_id"), rs.getLong("group_id")})
                    .forEach(r -> byUser.computeIfAbsent(r[0], k -> new java.util.ArrayList<>()).add(r[1]));
        }
        return byUser;
    }

    boolean groupExists(Handle h, long groupId) {
        return h.createQuery("SELECT COUNT(*) FROM permissions_group WHERE id = :id").bind("id", groupId)
                .mapTo(Long.class).one() > 0;
    }

    Optional<Long> membershipId(Handle h, long userId, long groupId) {
        return h.createQuery("SELECT id FROM permissions_group_membership WHERE user_id = :u AND group_id = :g")
                .bind("u", userId).bind("g", groupId).mapTo(Long.class).findOne();
    }

    long insertMembership(Handle h, long userId, long groupId, boolean manager) {
        return h.createUpdate("INSERT INTO permissions_group_membership (user_id, group_id, is_group_manager) VALUES (:u, :g, :m)")
                .bind("u", userId).bind("g", groupId).bind("m", manager)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Deletes the membership; how many rows went (0 when a concurrent remover came first). */
    int deleteMembership(Handle h, long userId, long groupId) {
        return h.createUpdate("DELETE FROM permissions_group_membership WHERE user_id = :u AND group_id = :g")
                .bind("u", userId).bind("g", groupId).execute();
    }

    void setSuperuser(Handle h, long userId, boolean superuser) {
        h.createUpdate("UPDATE core_user SET is_superuser = :s WHERE id = :u").bind("s", superuser).bind("u", userId).execute();
    }

    /** Active admins other than the given user (callers lock the Administrators row first). */
    long otherActiveAdmins(Handle h, long adminGroupId, long userId) {
        return h.createQuery("SELECT COUNT(*) FROM permissions_group_membership m JOIN core_user u ON u.id = m.user_id "
                        + "WHERE m.group_id = :g AND u.is_active = TRUE AND u.id <> :u")
                .bind("g", adminGroupId).bind("u", userId).mapTo(Long.class).one();
    }
}
