package dev.latchkey.auth;

import java.util.Optional;

/**
 * Metabase's precedence: a valid session wins; only when there is none (missing, invalid or expired) is the
 * X-API-Key header tried.
 */
public final class Authentication {
    private final Authenticator sessions;
    private final Authenticator apiKeys;

    public Authentication(Authenticator sessions, Authenticator apiKeys) {
        this.sessions = sessions;
        this.apiKeys = apiKeys;
    }

    public Optional<Actor> authenticate(Credentials credentials) {
        if (credentials.sessionId() != null) {
            Optional<Actor> actor = sessions.authenticate(credentials);
            if (actor.isPresent()) return actor;
        }
        if (credentials.apiKey() != null && apiKeys != null) return apiKeys.authenticate(credentials);
        return Optional.empty();
    }
}
