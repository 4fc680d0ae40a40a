package dev.latchkey.people;

import dev.latchkey.auth.Actor;
import dev.latchkey.auth.Passwords;
import dev.latchkey.content.collections.CollectionService;
import dev.latchkey.core.AppError;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.groups.GroupService;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** People (core_user rows). Emails are stored lower-cased and unique. */
public final class PeopleService {
    public static final String EMAIL_TAKEN = "Email address already in use.";

    private final Database db;
    private final GroupService groups;
    private final Passwords passwords;
    private final CollectionService collections;
    private final PeopleRepository repo = new PeopleRepository();

    public PeopleService(Database db, GroupService groups, Passwords passwords, CollectionService collections) {
        this.db = db;
        this.groups = groups;
        this.passwords = passwords;
        this.collections = collections;
    }

    /** A user and their password hash, for login only. */
    public record LoginCandidate(User user, String passwordHash) {}

    public Optional<LoginCandidate> findForLogin(String email) {
        return db.withHandle(h -> repo.findCredentialsByEmail(h, email))
                .map(c -> new LoginCandidate(c.user(), c.passwordHash()));
    }

    public Optional<User> find(long id) { return db.withHandle(h -> repo.findById(h, id)); }

    public Optional<User> find(Handle h, long id) { return repo.findById(h, id); }

    /** The user with this email (any type, active or not), e.g. to resolve people referenced by email. */
    public Optional<User> findByEmail(Handle h, String email) { return repo.findByEmail(h, email); }

    /** The longest-standing active admin person: who a command-line task acts as. */
    public Optional<User> firstActiveAdmin() { return db.withHandle(repo::firstActiveAdmin); }

    public void recordLogin(long userId) { db.useTransaction(h -> repo.touchLastLogin(h, userId)); }

    /**
     * Creates a user inside the caller's transaction and puts them in All Users plus the given groups. A
     * duplicate email (also when two creates race) is a 400 on "email".
     */
    public long create(Handle h, String email, String firstName, String lastName, String plainPassword, String type,
                       Set<Long> groupIds) {
        String normalized = email.toLowerCase(Locale.ROOT);
        if (repo.emailTaken(h, normalized)) throw AppError.field("email", EMAIL_TAKEN);
        long id;
        try {
            id = repo.insert(h, normalized, firstName, lastName, plainPassword == null ? null : passwords.hash(plainPassword), type);
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) throw AppError.field("email", EMAIL_TAKEN);
            throw e;
        }
        groups.setGroups(h, id, groupIds, "user_group_memberships");
        // a person gets their personal collection in the same transaction; API-key users never get one
        if (User.PERSONAL.equals(type)) collections.createPersonalCollection(h, id, normalized, firstName, lastName);
        return id;
    }

    /** POST /api/user (admin only): a new person in All Users plus the given groups; returns the new id. */
    public long createPerson(Actor actor, String email, String firstName, String lastName, String password, Set<Long> groupIds) {
        dev.latchkey.core.Check.permitted(actor.superuser());
        String pw = password != null ? password : UUID.randomUUID().toString();
        return db.inTransaction(h -> create(h, email, firstName, lastName, pw, User.PERSONAL, groupIds));
    }

    /** The `GET /api/user/current` view of the caller (a person or an API key's user). */
    public CurrentUserView current(Actor actor) {
        return db.withHandle(h -> {
            User user = repo.findById(h, actor.userId()).orElseThrow(AppError::unauthenticated);
            List<Long> groupIds = groups.groupIdsOf(h, user.id());
            return CurrentUserView.of(user, groupIds, collections.personalCollectionIdOf(h, user.id()));
        });
    }
}
