package dev.latchkey.gateway;

import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.auth.Authentication;
import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Credentials;

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

    /** What the proxy passes on to the service: the key's user, the key and its groups' names. */
    public record Allowed(long userId, long keyId, java.util.List<String> groupNames) {}

    /** 200's identity, or an AppError: 401 (no key, invalid, expired, revoked) or 429 (the failed-key throttle). */
    public Allowed verify(String apiKey, Forwarded original) {
        if (apiKey == null) throw AppError.unauthenticated();
        Actor actor = authentication.authenticate(new Credentials(null, false, apiKey), original.client())
                .orElseThrow(AppError::unauthenticated);
        ApiKeyService.KeyIdentity key = keys.identity(apiKey)
                .filter(k -> k.userId() == actor.userId())
                .orElseThrow(AppError::unauthenticated);
        // A key's restrictions (issue 14) decide here, on the original request: one call, with `original`.
        return new Allowed(key.userId(), key.keyId(), key.groupNames());
    }
}
