package dev.latchkey.core;

/**
 * Who is calling: a person with a session, or an API key's user (or, for a personal key, its owner). Passed
 * explicitly to every service method that needs it (never a thread-local). Group rights are looked up by the
 * services that need them. {@code apiKeyId} is the api_key row that authenticated the request (0 when not a key),
 * so per-key usage can be counted when the request finishes; {@code restriction} narrows what an API key may do
 * ({@link RestrictionCheck}).
 */
public record Actor(long userId, boolean superuser, Via via, long apiKeyId, Restriction restriction) {
    public enum Via { SESSION, API_KEY, SYSTEM }

    public Actor {
        if (restriction == null) restriction = Restriction.NONE;
    }

    public Actor(long userId, boolean superuser, Via via) { this(userId, superuser, via, 0, Restriction.NONE); }

    public Actor(long userId, boolean superuser, Via via, long apiKeyId) { this(userId, superuser, via, apiKeyId, Restriction.NONE); }

    public boolean isApiKey() { return via == Via.API_KEY; }
}
