package dev.latchkey.auth;

/**
 * Told the outcome of every authentication attempt (for metrics). Called on the request thread, so it must be
 * cheap and must not throw. Methods and outcomes are small fixed sets, so counting by them stays bounded.
 */
@FunctionalInterface
public interface AuthListener {
    AuthListener NONE = (method, outcome) -> {};

    /** How the caller tried: a session (cookie or header), an X-API-Key, or a password at POST /api/session. */
    enum Method { SESSION, KEY, PASSWORD }

    /**
     * OK; UNKNOWN: no such session, key or person (or a malformed key); WRONG_SECRET: the key id or the person
     * exists but the secret or password does not match; EXPIRED: a session past its maximum age; DISABLED: a
     * deactivated person signing in; THROTTLED: a sign-in refused by the login throttle.
     */
    enum Outcome { OK, UNKNOWN, WRONG_SECRET, EXPIRED, DISABLED, THROTTLED }

    void attempted(Method method, Outcome outcome);
}
