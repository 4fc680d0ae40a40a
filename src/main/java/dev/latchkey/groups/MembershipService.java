package dev.latchkey.groups;

import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.core.JsonBody;
import dev.latchkey.db.SqlErrors;
import org.jdbi.v3.core.result.ResultIterator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The /api/permissions/membership endpoints. Every change goes through GroupService's add/remove, which keep
 * is_superuser in step with Administrators and guard the last admin.
 */
public final class MembershipService {
    public static final String GROUP_MANAGER_PAID = "The group manager permissions functionality is only enabled if "
            + "you have a premium token with the advanced-permissions feature.";

    private final GroupService groups;
    private final GroupRepository repo;

    public MembershipService(GroupService groups) {
        this.groups = groups;
        this.repo = groups.repository();
    }

    /**
     * Every membership, keyed by user id (inactive users included, as in Metabase), streamed in user and group order:
     * {"<user id>": [{"membership_id", "group_id", "user_id", "is_group_manager"}, …], …}.
     */
    public JsonBody all(Actor actor) {
        Check.permitted(actor.superuser());
        return out -> groups.database().readSnapshot(h -> {
            out.writeStartObject();
            long user = -1;
            try (ResultIterator<GroupRepository.Membership> rows = repo.allMemberships(h)) {
                while (rows.hasNext()) {
                    GroupRepository.Membership m = rows.next();
                    if (m.userId() != user) {
                        if (user != -1) out.writeEndArray();
                        user = m.userId();
                        out.writeArrayFieldStart(Long.toString(user));
                    }
                    out.writeStartObject();
                    out.writeNumberField("membership_id", m.id());
                    out.writeNumberField("group_id", m.groupId());
                    out.writeNumberField("user_id", m.userId());
                    out.writeBooleanField("is_group_manager", m.manager());
                    out.writeEndObject();
                }
            }
            if (user != -1) out.writeEndArray();
            out.writeEndObject();
        });
    }

    /** Adds a user to a group (idempotent) and returns the group's members. */
    public List<MemberView> add(Actor actor, long groupId, long userId, boolean manager) {
        Check.permitted(actor.superuser());
        if (manager) throw AppError.paymentRequired(GROUP_MANAGER_PAID);
        try {
            return groups.database().inTransaction(h -> {
                if (repo.find(h, groupId).isEmpty() || !repo.userExists(h, userId)) throw AppError.notFound();
                if (groupId == groups.allUsersId()) throw AppError.badRequest(GroupService.ALL_USERS_MEMBERSHIP);
                long id = groups.addMembership(h, userId, groupId, false);
                groups.audit().record(h, actor.userId(), "group-membership-create", "PermissionsGroupMembership", id,
                        Map.of("group_id", groupId, "user_id", userId));
                return repo.members(h, groupId);
            });
        } catch (RuntimeException e) {
            // A concurrent add of the same pair, or a group/user deleted meanwhile: answer as if we had come second.
            if (SqlErrors.classify(e) == SqlErrors.Kind.UNIQUE) return add(actor, groupId, userId, false);
            if (SqlErrors.classify(e) == SqlErrors.Kind.FOREIGN_KEY) throw AppError.notFound();
            throw e;
        }
    }

    public void remove(Actor actor, long membershipId) {
        Check.permitted(actor.superuser());
        groups.database().useTransaction(h -> {
            var m = repo.findMembership(h, membershipId).orElseThrow(AppError::notFound);
            if (m.groupId() == groups.allUsersId()) throw AppError.badRequest(GroupService.ALL_USERS_MEMBERSHIP);
            groups.removeMembership(h, m.userId(), m.groupId());
            groups.audit().record(h, actor.userId(), "group-membership-delete", "PermissionsGroupMembership", m.id(),
                    Map.of("group_id", m.groupId(), "user_id", m.userId()));
        });
    }

    /** Removes every member of an ordinary group. */
    public void clear(Actor actor, long groupId) {
        Check.permitted(actor.superuser());
        groups.database().useTransaction(h -> {
            if (repo.find(h, groupId).isEmpty()) throw AppError.notFound();
            if (groupId == groups.adminId()) throw AppError.badRequest("Invalid Request.");
            if (groupId == groups.allUsersId()) throw AppError.badRequest(GroupService.ALL_USERS_MEMBERSHIP);
            repo.lock(h, groupId);
            List<Long> members = repo.memberIds(h, groupId);
            for (long userId : members) groups.removeMembership(h, userId, groupId);
            groups.audit().record(h, actor.userId(), "group-membership-clear", "PermissionsGroup", groupId,
                    Map.of("user_ids", members));
        });
    }
}
