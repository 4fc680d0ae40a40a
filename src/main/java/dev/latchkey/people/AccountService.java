package dev.latchkey.people;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.auth.LoginThrottle;
import dev.latchkey.auth.Passwords;
import dev.latchkey.auth.SessionService;
import dev.latchkey.auth.UserEvents;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;
import dev.latchkey.groups.GroupService;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person's account lifecycle: password changes, deactivation and reactivation. Kept apart from PeopleService
 * because it needs sessions, and sessions need PeopleService for sign-in.
 */
public final class AccountService {
    public static final String INVALID_OLD_PASSWORD = "Invalid password";
    public static final String ALREADY_ACTIVE = "Not able to reactivate an active user";

    private final Database db;
    private final PeopleService people;
    private final PeopleRepository repo;
    private final GroupService groups;
    private final SessionService sessions;
    private final Passwords passwords;
    private final UserEvents events;
    private final AuditLog audit;
    /** Wrong old passwords per person, throttled like sign-in: a session must not become a password oracle. */
    private final LoginThrottle oldPasswordFailures = new LoginThrottle(10, System::currentTimeMillis);
    /** What else ends with a person's account (their personal API keys), run inside the deactivating transaction. */
    private final List<Deactivation> onDeactivate = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Work that must happen in the same transaction as a deactivation: (handle, who deactivates, whom). */
    @FunctionalInterface
    public interface Deactivation { void deactivated(org.jdbi.v3.core.Handle h, Actor actor, long userId); }

    public AccountService(Database db, PeopleService people, GroupService groups, SessionService sessions,
                          Passwords passwords, UserEvents events, AuditLog audit) {
        this.db = db;
        this.people = people;
        this.repo = people.repository();
        this.groups = groups;
        this.sessions = sessions;
        this.passwords = passwords;
        this.events = events;
        this.audit = audit;
    }

    /**
     * Sets a new password and ends every session of that person. Changing one's own password needs the old one
     * and returns a fresh session id; an admin changing someone else's returns empty.
     */
    public Optional<String> changePassword(Actor actor, long id, String password, String oldPassword) {
        // the admin CLI (a SYSTEM actor) resets anyone's password, the admin it acts as included, without the old one
        boolean self = actor.userId() == id && actor.via() != Actor.Via.SYSTEM;
        Check.permitted(actor.superuser() || self);
        passwords.checkComplexity("password", password);
        if (self) checkOldPassword(id, oldPassword);
        String newHash = passwords.hash(password);
        return db.inTransaction(h -> {
            people.activePerson(h, id);
            repo.setPassword(h, id, newHash);
            sessions.endAllSessions(h, id);
            events.changed(h, id);
            audit.record(h, actor.userId(), "user-password-update", "User", id, Map.of());
            return self ? Optional.of(sessions.openSession(h, id)) : Optional.<String>empty();
        });
    }

    /** 429 while the person's wrong old passwords are throttled, 400 for a wrong one (recorded), else nothing. */
    private void checkOldPassword(long id, String oldPassword) {
        String key = Long.toString(id);
        long wait = oldPasswordFailures.waitMillis(key);
        if (wait > 0) throw AppError.tooManyRequests("old_password", LoginThrottle.message(wait), (wait + 999) / 1000);
        String hash = db.withHandle(h -> repo.passwordHash(h, id)).orElse(null);
        if (!passwords.verify(oldPassword, hash)) {
            oldPasswordFailures.recordFailure(key);
            throw AppError.field("old_password", INVALID_OLD_PASSWORD);
        }
    }

    /** Registers work for every deactivation (at start-up). */
    public void onDeactivate(Deactivation work) { onDeactivate.add(work); }

    /**
     * Deactivates a person: their sessions end and their personal API keys are deleted (so a reactivation revives
     * neither); nothing else is deleted. The last active admin stays.
     */
    public void deactivate(Actor actor, long id) {
        Check.permitted(actor.superuser());
        db.useTransaction(h -> {
            User u = repo.findById(h, id).filter(User::isPersonal).orElseThrow(AppError::notFound);
            if (!u.active()) return;
            groups.guardLastAdmin(h, id);
            repo.setActive(h, id, false);
            // Metabase keeps the sessions (they stop working); ending them means a reactivation cannot revive them.
            sessions.endAllSessions(h, id);
            for (Deactivation work : onDeactivate) work.deactivated(h, actor, id);
            events.changed(h, id);
            audit.record(h, actor.userId(), "user-deactivated", "User", id, Map.of("email", u.email()));
        });
    }

    /** Reactivates a person; like Metabase, they come back without the admin flag. */
    public PersonView reactivate(Actor actor, long id) {
        Check.permitted(actor.superuser());
        return db.inTransaction(h -> {
            User u = repo.findById(h, id).filter(User::isPersonal).orElseThrow(AppError::notFound);
            if (u.active()) throw AppError.badRequestMessage(ALREADY_ACTIVE);
            repo.setActive(h, id, true);
            if (groups.groupIdsOf(h, id).contains(groups.adminId())) groups.removeMembership(h, id, groups.adminId());
            events.changed(h, id);
            audit.record(h, actor.userId(), "user-reactivated", "User", id, Map.of("email", u.email()));
            return people.view(h, id);
        });
    }
}
