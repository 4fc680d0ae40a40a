package dev.latchkey.core;

/**
 * Who is calling: a person with a session, or an API key's user. Passed explicitly to every service method
 * that needs it (never a thread-local). Group rights are looked up by the services that need them.
 * {@code apiKeyId} is the api_key row that authenticated the request (0 when not a key), so per-key usage
 * can be counted when the request finishes.
 */
public record Actor(long userId, boolean superuser, Via via, long apiKeyId) {
    public enum Via { SESSION, API_KEY, SYSTEM }

    public Actor(long userId, boolean superuser, Via via) { this(userId, superuser, via, 0); }

    public boolean isApiKey() { return via == Via.API_KEY; }
}
