package dev.latchkey.groups;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/** SQL for permission groups and memberships. Decides nothing. */
final class GroupRepository {

    long idForRole(Handle h, String role) {
        return h.createQuery("SELECT id FROM permissions_group WHERE role = :role")
                .bind("role", role).mapTo(Long.class).one();
    }

    List<Long> groupIdsOf(Handle h, long userId) {
        return h.createQuery("SELECT group_id FROM permissions_group_membership WHERE user_id = :u ORDER BY group_id")
                .bind("u", userId).mapTo(Long.class).list();
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

    void deleteMembership(Handle h, long userId, long groupId) {
        h.createUpdate("DELETE FROM permissions_group_membership WHERE user_id = :u AND group_id = :g")
                .bind("u", userId).bind("g", groupId).execute();
    }

    void setSuperuser(Handle h, long userId, boolean superuser) {
        h.createUpdate("UPDATE core_user SET is_superuser = :s WHERE id = :u").bind("s", superuser).bind("u", userId).execute();
    }

    /** Active admins other than the given user, locking their membership rows so two removals cannot race. */
    long otherActiveAdmins(Handle h, long adminGroupId, long userId) {
        return h.createQuery("SELECT COUNT(*) FROM permissions_group_membership m JOIN core_user u ON u.id = m.user_id "
                        + "WHERE m.group_id = :g AND u.is_active = TRUE AND u.id <> :u")
                .bind("g", adminGroupId).bind("u", userId).mapTo(Long.class).one();
    }
}
