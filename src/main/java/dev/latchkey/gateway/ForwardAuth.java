package dev.latchkey.gateway;

import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.auth.Authentication;
import dev.latchkey.core.AccessDecision;
import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Credentials;
import dev.latchkey.core.RestrictionCheck;

/**
 * Forward authentication: may the request a proxy is holding (its method, path and client) go on to the service
 * behind the proxy, with this API key? The key takes the same path as on any Latchkey request: the failed-key
 * throttle, the key cache and its cluster freshness bound ({@link Authentication}), so a key that is deleted,
 * regenerated or revoked is refused on its very next request, on every instance. Every refusal of a key is the
 * plain 401 every other route gives (no oracle telling a revoked key from a made-up one).
 */
public final class ForwardAuth {
    private final Authentication authentication;
    private final ApiKeyService keys;

    public ForwardAuth(Authentication authentication, ApiKeyService keys) {
        this.authentication = authentication;
        this.keys = keys;
    }

    /** The request the proxy is holding: its method, its path (no query) and its client's address. */
    public record Forwarded(String method, String path, String client) {}

    /**
     * What the proxy passes on to the service: the key's user (a personal key's owner), the key and its groups'
     * names, and the headers its restrictions add (RateLimit-* for a rate-limited key).
     */
    public record Allowed(long userId, long keyId, java.util.List<String> groupNames, java.util.Map<String, String> headers) {}

    /** A refusal by the key's restrictions: the error to answer with and the headers to send along. */
    public static final class Refused extends RuntimeException {
        public final AccessDecision decision;

        Refused(AccessDecision decision) {
            super(null, null, false, false);
            this.decision = decision;
        }
    }

    /**
     * 200's identity, or an AppError: 401 (no key, invalid, expired, revoked) or 429 (the failed-key throttle), or
     * {@link Refused} when the key's restrictions refuse the original request (401 address, 403 method or path, 429
     * rate), decided by {@link RestrictionCheck}, the rule every Latchkey request goes through.
     */
    public Allowed verify(String apiKey, Forwarded original) {
        if (apiKey == null) throw AppError.unauthenticated();
        Actor actor = authentication.authenticate(new Credentials(null, false, apiKey), original.client())
                .orElseThrow(AppError::unauthenticated);
        ApiKeyService.KeyIdentity key = keys.identity(apiKey)
                .filter(k -> k.userId() == actor.userId())
                .orElseThrow(AppError::unauthenticated);
        AccessDecision decision = RestrictionCheck.check(actor, original.method(), original.path(), original.client());
        if (!decision.allowed()) throw new Refused(decision);
        return new Allowed(key.userId(), key.keyId(), key.groupNames(), decision.headers());
    }
}
