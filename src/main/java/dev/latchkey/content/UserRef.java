package dev.latchkey.content;

import dev.latchkey.core.Times;
import dev.latchkey.people.User;

import java.time.OffsetDateTime;

/** How content names a person: `creator` on cards and dashboards, and Metabase's `last-edit-info`. */
public final class UserRef {
    private UserRef() {}

    public record Creator(long id, String email, String firstName, String lastName, String commonName) {
        public static Creator of(User u) {
            return u == null ? null : new Creator(u.id(), u.email(), u.firstName(), u.lastName(), u.commonName());
        }
    }

    public record LastEditInfo(long id, String email, String firstName, String lastName, OffsetDateTime timestamp) {
        public static LastEditInfo of(User u, long at) {
            return u == null ? null : new LastEditInfo(u.id(), u.email(), u.firstName(), u.lastName(), Times.iso(at));
        }
    }
}
