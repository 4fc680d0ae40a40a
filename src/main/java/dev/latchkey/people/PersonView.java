package dev.latchkey.people;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.core.Json;
import dev.latchkey.core.Times;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A person as an admin or the person themself sees them (Metabase's admin-or-self columns, common_name and
 * user_group_memberships): the body of GET/PUT /api/user/:id, POST /api/user and reactivate.
 */
public record PersonView(long id, String email, String firstName, String lastName, String commonName,
                         OffsetDateTime dateJoined, OffsetDateTime lastLogin, OffsetDateTime updatedAt,
                         boolean isSuperuser, boolean isActive, boolean isQbnewb, String locale, String ssoSource,
                         Map<String, Object> loginAttributes, List<Membership> userGroupMemberships) {

    /** One entry of user_group_memberships: Metabase OSS sends only the group id. */
    public record Membership(long id) {}

    static PersonView of(User u, List<Long> groupIds) {
        return new PersonView(u.id(), u.email(), u.firstName(), u.lastName(), u.commonName(), Times.iso(u.dateJoined()),
                Times.iso(u.lastLogin()), Times.iso(u.updatedAt()), u.superuser(), u.active(), u.qbnewb(), u.locale(),
                u.ssoSource(), attributes(u.loginAttributes()), groupIds.stream().map(Membership::new).toList());
    }

    static Map<String, Object> attributes(String json) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
