package dev.latchkey.people;

import dev.latchkey.core.Times;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** `GET /api/user/current`: the fields Metabase clients read (reference §13.1). */
public record CurrentUserView(long id, String email, String firstName, String lastName, String commonName,
                              boolean isSuperuser, boolean isActive, boolean isQbnewb, String locale, String ssoSource,
                              OffsetDateTime dateJoined, OffsetDateTime lastLogin, OffsetDateTime updatedAt,
                              List<Long> groupIds, List<Map<String, Object>> userGroupMemberships,
                              Long personalCollectionId, boolean hasInvitedSecondUser, Map<String, Object> loginAttributes) {

    static CurrentUserView of(User u, List<Long> groupIds, Long personalCollectionId) {
        List<Map<String, Object>> memberships = groupIds.stream()
                .map(g -> Map.<String, Object>of("id", g, "is_group_manager", false)).toList();
        return new CurrentUserView(u.id(), u.email(), u.firstName(), u.lastName(), u.commonName(), u.superuser(),
                u.active(), false, u.locale(), u.ssoSource(), Times.iso(u.dateJoined()), Times.iso(u.lastLogin()),
                Times.iso(u.updatedAt()), groupIds, memberships, personalCollectionId, false, null);
    }
}
