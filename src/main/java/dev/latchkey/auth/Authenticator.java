package dev.latchkey.auth;

import java.util.Optional;

/** One way of turning credentials into an Actor. Empty means "not mine, or not valid": never an exception. */
public interface Authenticator {
    Optional<Actor> authenticate(Credentials credentials);
}
