package dev.latchkey.people;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.auth.LoginAccounts;
import dev.latchkey.auth.Passwords;
import dev.latchkey.auth.UserEvents;
import dev.latchkey.cluster.ClusterCache;
import dev.latchkey.cluster.Invalidation;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.core.Json;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.groups.GroupService;
import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * People (core_user rows). Emails are stored lower-cased and unique. Only personal users are visible through
 * /api/user; API-key users are managed through their keys. create() is the one place users are made.
 */
public final class PeopleService implements LoginAccounts {
    public static final String EMAIL_TAKEN = "Email address already in use.";
    public static final String EMAIL_ASSOCIATED = "Email address already associated to another user.";
    public static final String SUPERUSER_MISMATCH =
            "Value of is_superuser must correspond to presence of Admin group ID in group_ids.";

    private static final String EMAIL_CONSTRAINT = "uq_core_user_email";
    /** Metabase's installer: the first user, whose view also tells whether a second person was invited. */
    private static final long INSTALLER_ID = 1;

    private final Database db;
    private final GroupService groups;
    private final Passwords passwords;
    private final PersonalCollectionStore collections;
    private final AuditLog audit;
    private final UserEvents events;
    private final PeopleRepository repo = new PeopleRepository();
    /**
     * GET /api/user/current by user id: the hottest authenticated read. An entry is dropped through UserEvents, on
     * every instance, by every write that changes what the view shows (profile edits, sign-in time, groups, admin
     * and active flags, key renames, and for the installer a new person); ClusterCache keeps a load that overlapped
     * a drop from outliving it and bounds staleness when the invalidation channel is down.
     */
    private final ClusterCache<Long, byte[]> currentViews;

    public PeopleService(Database db, GroupService groups, Passwords passwords, PersonalCollectionStore collections,
                         AuditLog audit, UserEvents events) {
        this.db = db;
        this.groups = groups;
        this.passwords = passwords;
        this.collections = collections;
        this.audit = audit;
        this.events = events;
        this.currentViews = new ClusterCache<>(events.invalidations(), 10_000, (inv, c) -> {
            if (inv instanceof Invalidation.User u) c.invalidate(u.id());
        });
    }

    /** POST /api/user. groupIds is null when the caller sent none; membershipsGiven marks user_group_memberships. */
    public record NewPerson(String email, String firstName, String lastName, String password, Set<Long> groupIds,
                            boolean membershipsGiven, Map<String, Object> loginAttributes) {}

    /** PUT /api/user/:id. has* flags mark fields that were present (a present null clears the value). */
    public record Changes(boolean hasFirstName, String firstName, boolean hasLastName, String lastName, String email,
                          boolean hasLocale, String locale, Boolean isSuperuser, boolean hasLoginAttributes,
                          Map<String, Object> loginAttributes, Set<Long> groupIds) {}

    /** GET /api/user filters as sent; null means absent. */
    public record ListRequest(String status, Boolean includeDeactivated, String query, Long groupId, Long limit, Long offset) {}

    @Override
    public Optional<Account> findForLogin(String email) {
        return db.withHandle(h -> repo.findCredentialsByEmail(h, email)).filter(c -> c.user().isPersonal())
                .map(c -> new Account(c.user().id(), c.user().active(), c.passwordHash()));
    }

    public Optional<User> find(Handle h, long id) { return repo.findById(h, id); }

    /**
     * The user with this id (null for a null id or no such user), through {@code seen}: a page of content names the
     * same creators and editors again and again, so each is read once per request.
     */
    public User find(Handle h, Map<Long, User> seen, Long id) {
        return id == null ? null : seen.computeIfAbsent(id, u -> repo.findById(h, u).orElse(null));
    }

    /** The user with this email (any type, active or not), e.g. to resolve people referenced by email. */
    public Optional<User> findByEmail(Handle h, String email) { return repo.findByEmail(h, email); }

    /** The longest-standing active admin person: who a command-line task acts as. */
    public Optional<User> firstActiveAdmin() { return db.withHandle(repo::firstActiveAdmin); }

    /** Every person (never API-key or internal users), active or not, in id order. */
    public List<User> allPersons(Handle h) { return repo.allPersonal(h); }

    /** An API key's user carries the key's name, as in Metabase (first_name = name, last_name = ""). */
    public void renameKeyUser(Handle h, long userId, String name) { repo.setNames(h, userId, name, ""); }

    /** A deleted API key's user stays, deactivated (as in Metabase). */
    public void deactivateKeyUser(Handle h, long userId) { repo.setActive(h, userId, false); }

    @Override
    public void recordLogin(long userId) {
        db.useTransaction(h -> {
            repo.touchLastLogin(h, userId);
            events.changed(h, userId); // last_login and first_login are part of /api/user/current
        });
    }

    /**
     * Creates a user inside the caller's transaction and puts them in All Users plus the given groups. A
     * duplicate email (also when two creates race) is a 400 on "email".
     */
    public long create(Handle h, String email, String firstName, String lastName, String plainPassword, String type,
                       Set<Long> groupIds) {
        return create(h, email, firstName, lastName, plainPassword, type, groupIds, null);
    }

    private long create(Handle h, String email, String firstName, String lastName, String plainPassword, String type,
                        Set<Long> groupIds, Map<String, Object> loginAttributes) {
        String normalized = email.toLowerCase(Locale.ROOT);
        // An API key's user has a random generated email: skip the look-up (the unique constraint still guards it).
        if (!User.API_KEY.equals(type) && repo.emailTaken(h, normalized, 0)) throw AppError.field("email", EMAIL_TAKEN);
        long id;
        try {
            id = repo.insert(h, normalized, firstName, lastName, plainPassword == null ? null : passwords.hash(plainPassword),
                    type, loginAttributes == null ? null : Json.write(loginAttributes));
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e, EMAIL_CONSTRAINT)) throw AppError.field("email", EMAIL_TAKEN);
            throw e;
        }
        groups.joinNewUser(h, id, groupIds, "user_group_memberships");
        // a person gets their personal collection in the same transaction; API-key users never get one
        if (User.PERSONAL.equals(type)) {
            collections.createPersonalCollection(h, id, normalized, firstName, lastName);
            if (id != INSTALLER_ID) events.changed(h, INSTALLER_ID); // the installer's has_invited_second_user
        }
        return id;
    }

    /** POST /api/user (admin only): a new person in All Users plus the given groups. */
    public PersonView createPerson(Actor actor, NewPerson p) {
        Check.permitted(actor.superuser());
        if (p.password() != null) passwords.checkComplexity("password", p.password());
        if (p.membershipsGiven() && !p.groupIds().contains(groups.allUsersId())) {
            throw AppError.badRequest(GroupService.ALL_USERS_MEMBERSHIP);
        }
        String pw = p.password() != null ? p.password() : UUID.randomUUID().toString();
        Set<Long> groupIds = p.groupIds() == null ? Set.of() : p.groupIds();
        return uniqueEmail(EMAIL_TAKEN, () -> db.inTransaction(h -> {
            long id = create(h, p.email(), p.firstName(), p.lastName(), pw, User.PERSONAL, groupIds, p.loginAttributes());
            audit.record(h, actor.userId(), "user-invited", "User", id, Map.of("email", p.email().toLowerCase(Locale.ROOT)));
            return view(h, id);
        }));
    }

    /** GET /api/user (admin only). include_deactivated wins over status, as in Metabase's code. */
    public PersonPage list(Actor actor, ListRequest r) {
        Check.permitted(actor.superuser());
        Boolean active = Boolean.TRUE.equals(r.includeDeactivated()) || "all".equals(r.status()) ? null
                : !"deactivated".equals(r.status());
        boolean paged = r.limit() != null || r.offset() != null;
        Long limit = paged ? (r.limit() != null ? r.limit() : 50L) : null;
        Long offset = paged ? (r.offset() != null ? r.offset() : 0L) : null;
        var filter = new PeopleRepository.Filter(active, r.query(), r.groupId(), limit, offset == null ? 0 : offset);
        return db.withHandle(h -> {
            List<PeopleRepository.Listed> people = repo.list(h, filter);
            Map<Long, List<Long>> groupIds = groups.groupIdsOf(h, people.stream().map(p -> p.user().id()).toList());
            List<PersonListItem> data = people.stream().map(p -> PersonListItem.of(p.user(),
                    groupIds.getOrDefault(p.user().id(), List.of()), p.personalCollectionId())).toList();
            return new PersonPage(data, repo.count(h, filter), limit, offset);
        });
    }

    /** GET /api/user/:id: oneself or, for admins, anyone; deactivated people and API-key users are 404. */
    public PersonView get(Actor actor, long id) {
        Check.permitted(actor.superuser() || actor.userId() == id);
        return db.withHandle(h -> {
            activePerson(h, id);
            return view(h, id);
        });
    }

    /**
     * PUT /api/user/:id. A person may change their own names, email and locale; only admins change the admin
     * flag, login attributes and groups (a non-admin sending a different group set is refused, sending is_superuser
     * is ignored, as in Metabase).
     */
    public PersonView update(Actor actor, long id, Changes c) {
        Check.permitted(actor.superuser() || actor.userId() == id);
        return uniqueEmail(EMAIL_ASSOCIATED, () -> db.inTransaction(h -> {
            User u = activePerson(h, id);
            if (c.groupIds() != null && !actor.superuser()
                    && !new HashSet<>(groups.groupIdsOf(h, id)).equals(c.groupIds())) {
                throw AppError.forbidden();
            }
            String email = c.email() == null ? u.email() : c.email().toLowerCase(Locale.ROOT);
            if (repo.emailTaken(h, email, id)) throw AppError.field("email", EMAIL_ASSOCIATED);
            String attrs = actor.superuser() && c.hasLoginAttributes()
                    ? (c.loginAttributes() == null ? null : Json.write(c.loginAttributes())) : u.loginAttributes();
            String first = c.hasFirstName() ? c.firstName() : u.firstName(), last = c.hasLastName() ? c.lastName() : u.lastName();
            repo.update(h, id, email, first, last, c.hasLocale() ? c.locale() : u.locale(), attrs);
            collections.renamePersonalCollection(h, id, email, first, last);
            if (actor.superuser()) applyAdminChanges(h, id, c);
            audit.record(h, actor.userId(), "user-update", "User", id, changedFields(c));
            events.changed(h, id); // names, email, locale and login attributes are part of /api/user/current
            return view(h, id);
        }));
    }

    /**
     * The `GET /api/user/current` view of the caller (a person or an API key's user), as the JSON the route sends:
     * serialized once per cache load, not per request (the hottest read of the API with a key).
     */
    public byte[] currentJson(Actor actor) {
        return currentViews.get(actor.userId(), this::loadCurrent);
    }

    private byte[] loadCurrent(long userId) {
        CurrentUserView view = db.withHandle(h -> {
            User user = repo.findById(h, userId).orElseThrow(AppError::unauthenticated);
            boolean installer = user.id() == INSTALLER_ID && user.isPersonal();
            return CurrentUserView.of(user, groups.groupIdsOf(h, user.id()), installer,
                    installer && repo.countPersonal(h) > 1, collections.personalCollectionIdOf(h, user.id()));
        });
        return Json.bytes(view);
    }

    /** An active personal user, or 404. */
    User activePerson(Handle h, long id) {
        return repo.findById(h, id).filter(u -> u.active() && u.isPersonal()).orElseThrow(AppError::notFound);
    }

    PersonView view(Handle h, long id) {
        return PersonView.of(repo.findById(h, id).orElseThrow(AppError::notFound), groups.groupIdsOf(h, id));
    }

    PeopleRepository repository() { return repo; }

    private void applyAdminChanges(Handle h, long id, Changes c) {
        long admin = groups.adminId();
        if (c.groupIds() != null) {
            if (c.isSuperuser() != null && c.isSuperuser() != c.groupIds().contains(admin)) {
                throw AppError.field("is_superuser", SUPERUSER_MISMATCH);
            }
            if (!c.groupIds().contains(groups.allUsersId())) throw AppError.badRequest(GroupService.ALL_USERS_MEMBERSHIP);
            groups.setGroups(h, id, c.groupIds(), "user_group_memberships");
        } else if (Boolean.TRUE.equals(c.isSuperuser())) {
            groups.addMembership(h, id, admin, false);
        } else if (Boolean.FALSE.equals(c.isSuperuser()) && groups.groupIdsOf(h, id).contains(admin)) {
            groups.removeMembership(h, id, admin);
        }
    }

    private static Map<String, Object> changedFields(Changes c) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (c.hasFirstName()) d.put("first_name", c.firstName());
        if (c.hasLastName()) d.put("last_name", c.lastName());
        if (c.email() != null) d.put("email", c.email().toLowerCase(Locale.ROOT));
        if (c.hasLocale()) d.put("locale", c.locale());
        if (c.isSuperuser() != null) d.put("is_superuser", c.isSuperuser());
        if (c.groupIds() != null) d.put("group_ids", c.groupIds());
        return d;
    }

    private static <T> T uniqueEmail(String message, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e, EMAIL_CONSTRAINT)) throw AppError.field("email", message);
            throw e;
        }
    }
}
