package dev.latchkey.people;

import dev.latchkey.core.Times;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * `GET /api/user/current`: the caller (a person or an API key's user) with the fields Metabase clients read
 * (reference §13.1 and people-api §5.3).
 */
public record CurrentUserView(long id, String email, String firstName, String lastName, String commonName,
                              boolean isSuperuser, boolean isActive, boolean isQbnewb, String locale, String ssoSource,
                              OffsetDateTime dateJoined, OffsetDateTime lastLogin, OffsetDateTime updatedAt,
                              Map<String, Object> loginAttributes, List<Long> groupIds,
                              List<PersonView.Membership> userGroupMemberships, Long personalCollectionId,
                              boolean isInstaller, boolean hasInvitedSecondUser, boolean hasQuestionAndDashboard,
                              OffsetDateTime firstLogin, Map<String, Object> customHomepage) {

    static CurrentUserView of(User u, List<Long> groupIds, boolean installer, boolean othersExist, Long personalCollectionId) {
        return new CurrentUserView(u.id(), u.email(), u.firstName(), u.lastName(), u.commonName(), u.superuser(),
                u.active(), u.qbnewb(), u.locale(), u.ssoSource(), Times.iso(u.dateJoined()), Times.iso(u.lastLogin()),
                Times.iso(u.updatedAt()), PersonView.attributes(u.loginAttributes()), groupIds,
                groupIds.stream().map(PersonView.Membership::new).toList(), personalCollectionId, installer,
                installer && othersExist, false, Times.iso(u.lastLogin() != null ? u.lastLogin() : u.dateJoined()), null);
    }
}
