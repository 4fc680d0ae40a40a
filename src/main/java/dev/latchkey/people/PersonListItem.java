package dev.latchkey.people;

import dev.latchkey.core.Times;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One person in `GET /api/user` (admin view): admin-or-self columns, common_name, group_ids, personal_collection_id. */
public record PersonListItem(long id, String email, String firstName, String lastName, String commonName,
                             OffsetDateTime dateJoined, OffsetDateTime lastLogin, OffsetDateTime updatedAt,
                             boolean isSuperuser, boolean isActive, boolean isQbnewb, String locale, String ssoSource,
                             Map<String, Object> loginAttributes, List<Long> groupIds, Long personalCollectionId) {

    static PersonListItem of(User u, List<Long> groupIds, Long personalCollectionId) {
        return new PersonListItem(u.id(), u.email(), u.firstName(), u.lastName(), u.commonName(), Times.iso(u.dateJoined()),
                Times.iso(u.lastLogin()), Times.iso(u.updatedAt()), u.superuser(), u.active(), u.qbnewb(), u.locale(),
                u.ssoSource(), PersonView.attributes(u.loginAttributes()), groupIds, personalCollectionId);
    }
}
