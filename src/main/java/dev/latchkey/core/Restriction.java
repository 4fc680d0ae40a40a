package dev.latchkey.core;

/**
 * How a credential is narrowed beyond its user's rights (an API key's restrictions: read-only, path and address
 * allow-lists, rate limit). Carried by the {@link Actor}, built when the credential is loaded, so checking it costs
 * no database read (except a shared rate-limit bucket). Never widens: the route's own access checks run as well.
 */
@FunctionalInterface
public interface Restriction {
    Restriction NONE = (method, path, client) -> AccessDecision.ALLOW;

    /**
     * The decision for one request: {@code method} as sent (GET, POST, ...), {@code path} the request path (for a
     * forwarded request, the original URI's path), {@code client} the client's address (web/ClientAddress) or null.
     * A call that allows a rate-limited request consumes one unit of its limit.
     */
    AccessDecision check(String method, String path, String client);
}
