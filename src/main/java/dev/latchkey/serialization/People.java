package dev.latchkey.serialization;

import dev.latchkey.core.Actor;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * People by email, the way exports name them. On import an email with no person here falls back to the
 * importing admin, with one log line per unknown email. Caches for one export or import only.
 */
final class People {
    private final PeopleService people;
    private final Map<Long, String> emails = new HashMap<>();
    private final Map<String, Optional<Long>> ids = new HashMap<>();

    People(PeopleService people) {
        this.people = people;
    }

    String emailOf(Handle h, long userId) {
        return emails.computeIfAbsent(userId, id -> people.find(h, id).map(User::email).orElse(null));
    }

    /** The person with this email, or the importing admin (logged); null email means the importing admin. */
    long idOf(Handle h, String email, Actor actor, String file, String key, ImportLog log) {
        if (email == null) return actor.userId();
        boolean known = ids.containsKey(email);
        Optional<Long> id = ids.computeIfAbsent(email, e -> people.findByEmail(h, e).map(User::id));
        if (id.isEmpty() && !known) {
            log.warn(file, key + ": no person with email " + email + " here; their content is credited to the importing admin "
                    + emailOf(h, actor.userId()));
        }
        return id.orElse(actor.userId());
    }
}
