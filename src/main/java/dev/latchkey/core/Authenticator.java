package dev.latchkey.core;

import java.util.Optional;

/** One way of turning credentials into an Actor. Empty means "not mine, or not valid": never an exception. */
public interface Authenticator {
    Optional<Actor> authenticate(Credentials credentials);

    /** As above, told the client's address (for throttling by address); by default the address is not used. */
    default Optional<Actor> authenticate(Credentials credentials, String client) { return authenticate(credentials); }

    /**
     * Whether a credential that failed was at least in this authenticator's format (so checking it could cost a
     * lookup). Malformed ones are refused for free and do not count towards the failed-key throttle.
     */
    default boolean wellFormed(Credentials credentials) { return true; }
}
