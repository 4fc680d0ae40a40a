package dev.latchkey.auth;

import dev.latchkey.core.Authenticator;
import dev.latchkey.core.Credentials;
import dev.latchkey.core.Actor;
import dev.latchkey.cluster.ClusterCache;
import dev.latchkey.cluster.Invalidation;
import dev.latchkey.cluster.Invalidations;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Hashing;
import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Password sign-in and sessions. The session id handed to the client is a random UUID; the database keeps only
 * its SHA-256, so reading the table does not give anyone a session. Expiry is absolute from creation.
 * <p>
 * Valid sessions are cached by that digest (a cached request makes no database statement). Sign-out publishes
 * the session, and everything that ends or changes a user's sessions (deactivation, password change, admin flag)
 * publishes the user, through {@link Invalidations}: every instance drops the entry within 1 s, or within
 * {@value Invalidations#FALLBACK_TTL_MS} ms on an instance whose channel is down. Expiry is checked on every hit.
 */
public final class SessionService implements Authenticator {
    public static final String BAD_PASSWORD = "did not match stored password";
    public static final String DISABLED = "Your account is disabled.";

    private final Database db;
    private final LoginAccounts people;
    private final Passwords passwords;
    private final long maxAgeMillis;
    private final boolean throttleDisabled;
    private final Clock clock;
    private final LoginThrottle byUsername;
    private final LoginThrottle byIp;
    private final Invalidations invalidations;
    private final ClusterCache<String, Cached> cache;
    private final AuthListener listener;
    private final LongAdder throttleRefusals = new LongAdder();

    /** A valid session: who it is and when it began (expiry is checked on every use). */
    private record Cached(Actor actor, long createdAt) {}

    /** The clock decides session age and throttle waits; tests pass one they can move forward. */
    public SessionService(Database db, LoginAccounts people, Passwords passwords, long maxAgeMinutes, boolean throttleDisabled,
                          Clock clock, Invalidations invalidations) {
        this(db, people, passwords, maxAgeMinutes, throttleDisabled, clock, invalidations, AuthListener.NONE);
    }

    public SessionService(Database db, LoginAccounts people, Passwords passwords, long maxAgeMinutes, boolean throttleDisabled,
                          Clock clock, Invalidations invalidations, AuthListener listener) {
        this.listener = listener;
        this.db = db;
        this.people = people;
        this.passwords = passwords;
        this.maxAgeMillis = maxAgeMinutes * 60_000L;
        this.throttleDisabled = throttleDisabled;
        this.clock = clock;
        this.byUsername = new LoginThrottle(10, clock::millis);
        this.byIp = new LoginThrottle(50, clock::millis);
        this.invalidations = invalidations;
        // A user invalidation scans the cache (sessions are keyed by digest); users change far less often than they call.
        this.cache = new ClusterCache<>(invalidations, 50_000, (inv, c) -> {
            if (inv instanceof Invalidation.Session s) c.invalidate(s.idHash());
            else if (inv instanceof Invalidation.User u) c.invalidateIf((hash, v) -> v.actor().userId() == u.id());
        });
    }

    public long maxAgeSeconds() { return maxAgeMillis / 1000; }

    /** Checks the password and opens a session; every failure is a 401 with Metabase's field errors. */
    public String login(String username, String password, String clientIp) {
        String userKey = username.toLowerCase(Locale.ROOT);
        checkThrottle(userKey, clientIp);
        Optional<LoginAccounts.Account> found = people.findForLogin(username);
        boolean ok = passwords.verify(password, found.map(LoginAccounts.Account::passwordHash).orElse(null));
        if (!ok) {
            recordFailure(userKey, clientIp);
            listener.attempted(AuthListener.Method.PASSWORD, found.isPresent() ? AuthListener.Outcome.WRONG_SECRET : AuthListener.Outcome.UNKNOWN);
            throw AppError.unauthenticated("password", BAD_PASSWORD);
        }
        LoginAccounts.Account user = found.get();
        if (!user.active()) {
            listener.attempted(AuthListener.Method.PASSWORD, AuthListener.Outcome.DISABLED);
            throw AppError.unauthenticated("_error", DISABLED);
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
        String hash = Hashing.sha256Hex(sessionId);
        int deleted = db.inTransaction(h -> {
            int n = h.createUpdate("DELETE FROM core_session WHERE id_hash = :id").bind("id", hash).execute();
            if (n > 0) invalidations.publish(h, Invalidation.session(hash));
            return n;
        });
        if (deleted == 0) throw AppError.notFound();
    }

    /** Ends every session of a user (password change, deactivation), inside the caller's transaction. */
    public void endAllSessions(Handle h, long userId) {
        h.createUpdate("DELETE FROM core_session WHERE user_id = :u").bind("u", userId).execute();
        invalidations.publish(h, Invalidation.user(userId));
    }

    @Override
    public Optional<Actor> authenticate(Credentials credentials) {
        String id = credentials.sessionId();
        if (id == null || id.length() > 128) return Optional.empty();
        Cached session = cache.get(Hashing.sha256Hex(id), this::load);
        if (session == null) {
            listener.attempted(AuthListener.Method.SESSION, AuthListener.Outcome.UNKNOWN);
            return Optional.empty();
        }
        if (session.createdAt() <= clock.millis() - maxAgeMillis) {
            listener.attempted(AuthListener.Method.SESSION, AuthListener.Outcome.EXPIRED);
            return Optional.empty();
        }
        listener.attempted(AuthListener.Method.SESSION, AuthListener.Outcome.OK);
        return Optional.of(session.actor());
    }

    private Cached load(String idHash) {
        return db.withHandle(h -> h.createQuery("SELECT u.id, u.is_superuser, s.created_at FROM core_session s "
                        + "JOIN core_user u ON u.id = s.user_id WHERE s.id_hash = :id AND u.is_active = TRUE")
                .bind("id", idHash)
                .map((rs, ctx) -> new Cached(new Actor(rs.getLong("id"), rs.getBoolean("is_superuser"), Actor.Via.SESSION),
                        rs.getLong("created_at")))
                .findOne().orElse(null));
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
            throttleRefusals.increment();
            listener.attempted(AuthListener.Method.PASSWORD, AuthListener.Outcome.THROTTLED);
            throw AppError.unauthenticated("username", LoginThrottle.message(wait));
        }
    }

    private void recordFailure(String userKey, String ip) {
        if (throttleDisabled) return;
        byUsername.recordFailure(userKey);
        if (ip != null) byIp.recordFailure(ip);
    }
}
