package dev.latchkey.groups;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.auth.UserEvents;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import org.jdbi.v3.core.Handle;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Permission groups, and the one place memberships change. Invariants: every user is in All Users; membership
 * of Administrators and core_user.is_superuser are one fact, changed together here and nowhere else; the last
 * active admin cannot be removed or deactivated; group names are unique case-insensitively; the two built-in
 * groups are found by role and can be neither renamed nor deleted.
 */
public final class GroupService {
    public static final String ALL_USERS_ROLE = "all-users";
    public static final String ADMIN_ROLE = "admin";
    public static final String LAST_ADMIN = "You cannot remove the last member of the 'Admin' group!";
    public static final String NAME_TAKEN = "A group with that name already exists.";
    public static final String ALL_USERS_MEMBERSHIP = "You cannot add or remove users to/from the 'All Users' group.";

    private final Database db;
    private final GroupRepository repo = new GroupRepository();
    private final UserEvents events;
    private final AuditLog audit;
    private final long allUsersId;
    private final long adminId;

    public GroupService(Database db, UserEvents events, AuditLog audit) {
        this.db = db;
        this.events = events;
        this.audit = audit;
        this.allUsersId = db.withHandle(h -> repo.idForRole(h, ALL_USERS_ROLE));
        this.adminId = db.withHandle(h -> repo.idForRole(h, ADMIN_ROLE));
    }

    public long allUsersId() { return allUsersId; }

    public long adminId() { return adminId; }

    // ---- the API: /api/permissions/group ----

    public List<GroupView> list(Actor actor, Long limit, Long offset) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> {
            List<GroupRepository.Listed> page = repo.list(h, limit, offset);
            if (page.isEmpty()) return List.of();
            // active members = membership rows (kept by ordinary groups, counted for the two built-in ones) minus
            // those of inactive people: no pass over every membership (V100 says why)
            Map<Long, Long> inactive = repo.inactiveMemberCounts(h);
            return page.stream().map(l -> {
                long id = l.group().id();
                long rows = l.memberRows() != null ? l.memberRows() : repo.membershipRows(h, id);
                return new GroupView(id, l.group().name(), rows - inactive.getOrDefault(id, 0L));
            }).toList();
        });
    }

    /** One page of the group's active members (people and API keys), with the total. */
    public GroupMembersPage members(Actor actor, long id, long limit, long offset) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> {
            var group = repo.find(h, id).orElseThrow(AppError::notFound);
            return new GroupMembersPage(group.id(), group.name(), repo.members(h, id, limit, offset),
                    repo.activeMemberCounts(h, List.of(id)).getOrDefault(id, 0L), limit, offset);
        });
    }

    public GroupDetailView get(Actor actor, long id) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> {
            var group = repo.find(h, id).orElseThrow(AppError::notFound);
            return new GroupDetailView(group.id(), group.name(), repo.members(h, id));
        });
    }

    /**
     * A group named as Metabase's config file and Latchkey's CLI name them: "admin" (Administrators), "all-users"
     * (All Users), or a group's name (compared case-insensitively, as names are unique that way).
     */
    public Optional<Long> idByName(Handle h, String name) {
        if (ADMIN_ROLE.equals(name)) return Optional.of(adminId);
        if (ALL_USERS_ROLE.equals(name)) return Optional.of(allUsersId);
        return repo.idByNameKey(h, key(name));
    }

    /** A new, empty group. A duplicate name (also when two creates race) is a plain-text 400. */
    public GroupRef create(Actor actor, String name) {
        Check.permitted(actor.superuser());
        return uniqueName(() -> db.inTransaction(h -> {
            if (repo.nameTaken(h, key(name), 0)) throw AppError.badRequest(NAME_TAKEN);
            long id = repo.insert(h, name, key(name));
            audit.record(h, actor.userId(), "group-create", "PermissionsGroup", id, Map.of("name", name));
            return new GroupRef(id, name);
        }));
    }

    public GroupRef rename(Actor actor, long id, String name) {
        Check.permitted(actor.superuser());
        return uniqueName(() -> db.inTransaction(h -> {
            var group = repo.find(h, id).orElseThrow(AppError::notFound);
            refuseBuiltIn(group);
            if (repo.nameTaken(h, key(name), id)) throw AppError.badRequest(NAME_TAKEN);
            repo.rename(h, id, name, key(name));
            // group names reach other services in forward authentication's X-Latchkey-Groups, cached per key
            for (long userId : repo.memberIds(h, id)) events.changed(h, userId);
            audit.record(h, actor.userId(), "group-update", "PermissionsGroup", id,
                    Map.of("name", name, "previous_name", group.name()));
            return new GroupRef(id, name);
        }));
    }

    /** Deletes a group and its memberships in one transaction; its former members' caches are told. */
    public void delete(Actor actor, long id) {
        Check.permitted(actor.superuser());
        db.useTransaction(h -> {
            var group = repo.find(h, id).orElseThrow(AppError::notFound);
            refuseBuiltIn(group);
            repo.lock(h, id);
            List<Long> members = repo.memberIds(h, id);
            repo.deleteAllMemberships(h, id);
            repo.delete(h, id);
            for (long userId : members) events.changed(h, userId);
            audit.record(h, actor.userId(), "group-delete", "PermissionsGroup", id,
                    Map.of("name", group.name(), "member_ids", members));
        });
    }

    // ---- memberships: used by the membership API, people and API keys ----

    /** A group's name, or empty when there is no such group. */
    public Optional<String> name(Handle h, long groupId) { return repo.find(h, groupId).map(GroupRepository.Group::name); }

    /**
     * Each of these users' lowest-id group other than All Users (API-key users have one); users only in All Users
     * are absent from the map.
     */
    public Map<Long, GroupRef> firstGroupBesidesAllUsers(Handle h, java.util.Collection<Long> userIds) {
        return repo.firstGroupBesides(h, allUsersId, userIds);
    }

    public List<Long> groupIdsOf(Handle h, long userId) { return repo.groupIdsOf(h, userId); }

    /** Group ids of many users at once (one query), keyed by user id; users without rows are absent. */
    public Map<Long, List<Long>> groupIdsOf(Handle h, java.util.Collection<Long> userIds) {
        return userIds.isEmpty() ? Map.of() : repo.groupIdsOf(h, userIds);
    }

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
        // Every ordinary group this changes is locked first, in id order: removing and adding both lock a group, and
        // two people's updates must take those locks alike.
        Set<Long> touched = new java.util.TreeSet<>(wanted);
        touched.addAll(current);
        for (long g : touched) {
            if (!builtIn(g) && wanted.contains(g) != current.contains(g)) repo.lock(h, g);
        }
        for (long g : current) {
            if (!wanted.contains(g)) removeMembership(h, userId, g);
        }
        // In id order: addMembership locks each group, and two people's updates must take those locks alike.
        for (long g : new java.util.TreeSet<>(wanted)) {
            if (!current.contains(g)) addMembership(h, userId, g, false);
        }
    }

    /**
     * The memberships of a user created in this same transaction (so they have none yet): All Users plus groupIds.
     * The same checks as setGroups, in fewer round trips: the built-in groups always exist, and each ordinary one is
     * checked by the lock addMembership takes too (id order), so a group deleted meanwhile is a clean 400 here and
     * not a foreign-key 500 (PostgreSQL, MariaDB) or a membership that outlives its group (H2).
     */
    public void joinNewUser(Handle h, long userId, Set<Long> groupIds, String field) {
        Set<Long> wanted = new LinkedHashSet<>();
        wanted.add(allUsersId);
        wanted.addAll(groupIds);
        for (long g : new java.util.TreeSet<>(wanted)) {
            boolean exists = g == allUsersId || g == adminId || repo.lock(h, g);
            if (!exists) throw AppError.field(field, "Group " + g + " does not exist.");
        }
        for (long g : wanted) {
            repo.insertMembership(h, userId, g, false);
            if (!builtIn(g)) repo.addMemberRows(h, g, 1);
            if (g == adminId) repo.setSuperuser(h, userId, true);
        }
        events.changed(h, userId);
    }

    /** Adds one membership (idempotent), keeping is_superuser in step with Administrators. */
    public long addMembership(Handle h, long userId, long groupId, boolean manager) {
        var existing = repo.membershipId(h, userId, groupId);
        if (existing.isPresent()) return existing.get();
        // An ordinary group may be deleted meanwhile. Its row lock makes that delete come wholly before (we see the
        // group gone: 404) or after (it deletes this membership too). The foreign key alone does not do it on H2,
        // which let a membership of a deleted group survive. The built-in groups cannot be deleted: no lock needed.
        if (groupId != allUsersId && groupId != adminId && !repo.lock(h, groupId)) throw AppError.notFound();
        long id = repo.insertMembership(h, userId, groupId, manager);
        if (!builtIn(groupId)) repo.addMemberRows(h, groupId, 1);
        if (groupId == adminId) repo.setSuperuser(h, userId, true);
        events.changed(h, userId);
        return id;
    }

    /**
     * Removes one membership, refusing to remove the last active admin. An ordinary group's row is locked first, as
     * adding a member and deleting the group lock it, so the three take their locks in the same order.
     */
    public void removeMembership(Handle h, long userId, long groupId) {
        if (groupId == adminId) {
            guardLastAdmin(h, userId);
            repo.setSuperuser(h, userId, false);
        }
        boolean counted = !builtIn(groupId) && repo.lock(h, groupId);
        int removed = repo.deleteMembership(h, userId, groupId);
        if (counted && removed > 0) repo.addMemberRows(h, groupId, -removed);
        events.changed(h, userId);
    }

    private boolean builtIn(long groupId) { return groupId == allUsersId || groupId == adminId; }

    /**
     * 400 when the user is the only active admin, so removing or deactivating them would leave nobody in charge.
     * Locks the Administrators row first: two concurrent removals of the last two admins cannot both pass.
     */
    public void guardLastAdmin(Handle h, long userId) {
        repo.lock(h, adminId);
        if (repo.membershipId(h, userId, adminId).isEmpty()) return;
        if (repo.otherActiveAdmins(h, adminId, userId) == 0) throw AppError.badRequest(LAST_ADMIN);
    }

    GroupRepository repository() { return repo; }

    Database database() { return db; }


    AuditLog audit() { return audit; }

    private void refuseBuiltIn(GroupRepository.Group group) {
        if (ALL_USERS_ROLE.equals(group.role())) {
            throw AppError.badRequest("You cannot edit or delete the 'All Users' permissions group!");
        }
        if (ADMIN_ROLE.equals(group.role())) {
            throw AppError.badRequest("You cannot edit or delete the 'Administrators' permissions group!");
        }
    }

    private static String key(String name) { return name.toLowerCase(Locale.ROOT); }

    private static <T> T uniqueName(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e, "uq_permissions_group_name")) throw AppError.badRequest(NAME_TAKEN);
            throw e;
        }
    }
}
