package dev.latchkey.auth;

import dev.latchkey.core.Authenticator;
import dev.latchkey.core.Credentials;
import dev.latchkey.core.Actor;
import java.util.Optional;

/**
 * Metabase's precedence: a valid session wins; only when there is none (missing, invalid or expired) is the
 * X-API-Key header tried.
 */
public final class Authentication implements Authenticator {
    private final Authenticator sessions;
    private final Authenticator apiKeys;
    private final FailedKeyThrottle keyFailures;

    public Authentication(Authenticator sessions, Authenticator apiKeys) { this(sessions, apiKeys, System::currentTimeMillis); }

    /** {@code clock} times the failed-key throttle's window (the app's clock, which tests can move forward). */
    public Authentication(Authenticator sessions, Authenticator apiKeys, java.util.function.LongSupplier clock) {
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.keyFailures = new FailedKeyThrottle(clock);
    }

    @Override
    public Optional<Actor> authenticate(Credentials credentials) { return authenticate(credentials, null); }

    /**
     * As above, with the client's address for the failed-key throttle: well-formed keys that fail are counted,
     * and a client past the threshold gets 429 for every X-API-Key it sends, before any lookup.
     */
    @Override
    public Optional<Actor> authenticate(Credentials credentials, String client) {
        if (credentials.sessionId() != null) {
            Optional<Actor> actor = sessions.authenticate(credentials);
            if (actor.isPresent()) return actor;
        }
        if (credentials.apiKey() == null || apiKeys == null) return Optional.empty();
        keyFailures.check(client);
        Optional<Actor> actor = apiKeys.authenticate(credentials);
        if (actor.isEmpty() && apiKeys.wellFormed(credentials)) keyFailures.recordFailure(client);
        return actor;
    }
}
