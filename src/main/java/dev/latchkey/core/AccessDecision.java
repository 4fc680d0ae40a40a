package dev.latchkey.core;


import java.util.Map;

/**
 * What a credential's restrictions say about one request: allowed (status 200), or refused with 401, 403 or 429.
 * {@code headers} are to be sent either way (RateLimit-Limit/-Remaining/-Reset for a rate-limited key, and
 * Retry-After on a 429); they are empty for an unrestricted caller.
 */
public record AccessDecision(int status, Map<String, String> headers, long retryAfterSeconds) {
    public static final AccessDecision ALLOW = new AccessDecision(200, Map.of(), 0);

    public AccessDecision {
        headers = Map.copyOf(headers); // free when the caller passes an immutable map, as the rate limiter does
    }

    public static AccessDecision allow(Map<String, String> headers) { return new AccessDecision(200, headers, 0); }

    /** 401 Unauthenticated: the request comes from an address the key may not be used from. */
    public static AccessDecision unauthenticated() { return new AccessDecision(401, Map.of(), 0); }

    /** 403: the key may not use this method or path. */
    public static AccessDecision forbidden() { return new AccessDecision(403, Map.of(), 0); }

    /** 429: over the key's rate limit; headers carry RateLimit-* and Retry-After. */
    public static AccessDecision tooManyRequests(Map<String, String> headers, long retryAfterSeconds) {
        return new AccessDecision(429, headers, retryAfterSeconds);
    }

    public boolean allowed() { return status < 400; }

    /** The error to answer with (Metabase's wire texts), or null when allowed. */
    public AppError error() {
        return switch (status) {
            case 401 -> AppError.unauthenticated();
            case 403 -> AppError.forbidden();
            case 429 -> AppError.tooManyRequests(null, "Too many requests for this API key. Retry after "
                    + retryAfterSeconds + " seconds.", retryAfterSeconds);
            default -> null;
        };
    }
}
