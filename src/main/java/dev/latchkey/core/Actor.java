package dev.latchkey.core;

/**
 * Who is calling: a person with a session, or an API key's user. Passed explicitly to every service method
 * that needs it (never a thread-local). Group rights are looked up by the services that need them.
 */
public record Actor(long userId, boolean superuser, Via via) {
    public enum Via { SESSION, API_KEY, SYSTEM }

    public boolean isApiKey() { return via == Via.API_KEY; }
}
