package dev.latchkey.groups;

import dev.latchkey.auth.UserEvents;
import dev.latchkey.core.AppError;
import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Permission groups and memberships. Invariants: every user is in All Users; membership of Administrators
 * and core_user.is_superuser are one fact, changed together here and nowhere else; the last active admin
 * cannot be removed.
 */
public final class GroupService {
    public static final String ALL_USERS_ROLE = "all-users";
    public static final String ADMIN_ROLE = "admin";
    public static final String LAST_ADMIN = "You cannot remove the last member of the 'Admin' group!";

    private final Database db;
    private final GroupRepository repo = new GroupRepository();
    private final long allUsersId;
    private final long adminId;

    private final UserEvents events;

    public GroupService(Database db, UserEvents events) {
        this.db = db;
        this.events = events;
        this.allUsersId = db.withHandle(h -> repo.idForRole(h, ALL_USERS_ROLE));
        this.adminId = db.withHandle(h -> repo.idForRole(h, ADMIN_ROLE));
    }

    public long allUsersId() { return allUsersId; }

    public long adminId() { return adminId; }

    public List<Long> groupIdsOf(Handle h, long userId) { return repo.groupIdsOf(h, userId); }

    public List<Long> groupIdsOf(long userId) { return db.withHandle(h -> repo.groupIdsOf(h, userId)); }

    /**
     * Sets the user's groups to exactly the given set plus All Users, inside the caller's transaction.
     * Unknown group ids give a 400 naming the field.
     */
    public void setGroups(Handle h, long userId, Set<Long> groupIds, String field) {
        Set<Long> wanted = new LinkedHashSet<>();
        wanted.add(allUsersId);
        wanted.addAll(groupIds);
        for (long g : wanted) {
            if (!repo.groupExists(h, g)) throw AppError.field(field, "Group " + g + " does not exist.");
        }
        Set<Long> current = new LinkedHashSet<>(repo.groupIdsOf(h, userId));
        for (long g : current) {
            if (!wanted.contains(g)) removeMembership(h, userId, g);
        }
        for (long g : wanted) {
            if (!current.contains(g)) addMembership(h, userId, g, false);
        }
    }

    /** Adds one membership (idempotent), keeping is_superuser in step with Administrators. */
    public long addMembership(Handle h, long userId, long groupId, boolean manager) {
        var existing = repo.membershipId(h, userId, groupId);
        if (existing.isPresent()) return existing.get();
        long id = repo.insertMembership(h, userId, groupId, manager);
        if (groupId == adminId) repo.setSuperuser(h, userId, true);
        events.changed(h, userId);
        return id;
    }

    /** Removes one membership, refusing to remove the last active admin. */
    public void removeMembership(Handle h, long userId, long groupId) {
        if (groupId == adminId) {
            if (repo.otherActiveAdmins(h, adminId, userId) == 0) throw AppError.badRequest(LAST_ADMIN);
            repo.setSuperuser(h, userId, false);
        }
        repo.deleteMembership(h, userId, groupId);
        events.changed(h, userId);
    }
}
