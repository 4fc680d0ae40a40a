package dev.latchkey.auth;

import dev.latchkey.core.AppError;
import dev.latchkey.core.Hashing;
import dev.latchkey.db.Database;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Password sign-in and sessions. The session id handed to the client is a random UUID; the database keeps only
 * its SHA-256, so reading the table does not give anyone a session. Expiry is absolute from creation.
 */
public final class SessionService implements Authenticator {
    public static final String BAD_PASSWORD = "did not match stored password";
    public static final String DISABLED = "Your account is disabled.";

    private final Database db;
    private final PeopleService people;
    private final Passwords passwords;
    private final long maxAgeMillis;
    private final boolean throttleDisabled;
    private final Clock clock;
    private final LoginThrottle byUsername;
    private final LoginThrottle byIp;
    private final AuthListener listener;
    private final LongAdder throttleRefusals = new LongAdder();

    /** The clock decides session age and throttle waits; tests pass one they can move forward. */
    public SessionService(Database db, PeopleService people, Passwords passwords, long maxAgeMinutes, boolean throttleDisabled,
                          Clock clock) {
        this(db, people, passwords, maxAgeMinutes, throttleDisabled, clock, AuthListener.NONE);
    }

    public SessionService(Database db, PeopleService people, Passwords passwords, long maxAgeMinutes, boolean throttleDisabled,
                          Clock clock, AuthListener listener) {
        this.listener = listener;
        this.db = db;
        this.people = people;
        this.passwords = passwords;
        this.maxAgeMillis = maxAgeMinutes * 60_000L;
        this.throttleDisabled = throttleDisabled;
        this.clock = clock;
        this.byUsername = new LoginThrottle(10, clock::millis);
        this.byIp = new LoginThrottle(50, clock::millis);
    }

    public long maxAgeSeconds() { return maxAgeMillis / 1000; }

    /** Checks the password and opens a session; every failure is a 401 with Metabase's field errors. */
    public String login(String username, String password, String clientIp) {
        String userKey = username.toLowerCase(Locale.ROOT);
        checkThrottle(userKey, clientIp);
        Optional<PeopleService.LoginCandidate> found = people.findForLogin(username)
                .filter(c -> User.PERSONAL.equals(c.user().type()));
        boolean ok = passwords.verify(password, found.map(PeopleService.LoginCandidate::passwordHash).orElse(null));
        if (!ok) {
            recordFailure(userKey, clientIp);
            listener.attempted(AuthListener.Method.PASSWORD, found.isPresent() ? AuthListener.Outcome.WRONG_SECRET : AuthListener.Outcome.UNKNOWN);
            throw AppError.fieldWithStatus(401, "password", BAD_PASSWORD);
        }
        User user = found.get().user();
        if (!user.active()) {
            listener.attempted(AuthListener.Method.PASSWORD, AuthListener.Outcome.DISABLED);
            throw AppError.fieldWithStatus(401, "_error", DISABLED);
        }
        listener.attempted(AuthListener.Method.PASSWORD, AuthListener.Outcome.OK);
        String sessionId = UUID.randomUUID().toString();
        db.useTransaction(h -> insert(h, sessionId, user.id()));
        people.recordLogin(user.id());
        return sessionId;
    }

    /** Opens a session for a user already verified (first-run setup). */
    public String openSession(Handle h, long userId) {
        String sessionId = UUID.randomUUID().toString();
        insert(h, sessionId, userId);
        return sessionId;
    }

    /** Deletes the presented session; 404 when there is none. */
    public void logout(String sessionId) {
        if (sessionId == null) throw AppError.notFound();
        int deleted = db.inTransaction(h -> h.createUpdate("DELETE FROM core_session WHERE id_hash = :id")
                .bind("id", Hashing.sha256Hex(sessionId)).execute());
        if (deleted == 0) throw AppError.notFound();
    }

    /** Ends every session of a user (password change, deactivation), inside the caller's transaction. */
    public void endAllSessions(Handle h, long userId) {
        h.createUpdate("DELETE FROM core_session WHERE user_id = :u").bind("u", userId).execute();
    }

    @Override
    public Optional<Actor> authenticate(Credentials credentials) {
        String id = credentials.sessionId();
        if (id == null || id.length() > 128) return Optional.empty();
        long oldest = clock.millis() - maxAgeMillis;
        // expiry is decided here rather than in SQL only so an expired session can be told apart (metrics)
        record Found(Actor actor, long createdAt) {}
        Optional<Found> found = db.withHandle(h -> h.createQuery("SELECT u.id, u.is_superuser, s.created_at FROM core_session s "
                        + "JOIN core_user u ON u.id = s.user_id WHERE s.id_hash = :id AND u.is_active = TRUE")
                .bind("id", Hashing.sha256Hex(id))
                .map((rs, ctx) -> new Found(new Actor(rs.getLong("id"), rs.getBoolean("is_superuser"), Actor.Via.SESSION),
                        rs.getLong("created_at")))
                .findOne());
        if (found.isEmpty()) {
            listener.attempted(AuthListener.Method.SESSION, AuthListener.Outcome.UNKNOWN);
            return Optional.empty();
        }
        if (found.get().createdAt() <= oldest) {
            listener.attempted(AuthListener.Method.SESSION, AuthListener.Outcome.EXPIRED);
            return Optional.empty();
        }
        listener.attempted(AuthListener.Method.SESSION, AuthListener.Outcome.OK);
        return Optional.of(found.get().actor());
    }

    /** Sign-ins refused by the login throttle since start-up (metrics). */
    public long throttleRefusals() { return throttleRefusals.sum(); }

    private void insert(Handle h, String sessionId, long userId) {
        h.createUpdate("INSERT INTO core_session (id_hash, user_id, created_at) VALUES (:id, :u, :now)")
                .bind("id", Hashing.sha256Hex(sessionId)).bind("u", userId).bind("now", clock.millis()).execute();
    }

    private void checkThrottle(String userKey, String ip) {
        if (throttleDisabled) return;
        long wait = Math.max(byUsername.waitMillis(userKey), ip == null ? 0 : byIp.waitMillis(ip));
        if (wait > 0) {
            recordFailure(userKey, ip);
            throttleRefusals.increment();
            listener.attempted(AuthListener.Method.PASSWORD, AuthListener.Outcome.THROTTLED);
            throw AppError.fieldWithStatus(401, "username",
                    "Too many attempts! You must wait " + Math.round(wait / 1000.0) + " seconds before trying again.");
        }
    }

    private void recordFailure(String userKey, String ip) {
        if (throttleDisabled) return;
        byUsername.recordFailure(userKey);
        if (ip != null) byIp.recordFailure(ip);
    }
}
