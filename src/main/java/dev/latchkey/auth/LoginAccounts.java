package dev.latchkey.auth;

import java.util.Optional;

/**
 * The people who may sign in with a password, as sign-in needs them. Owned here and implemented by the people
 * feature (wired in App), so sessions do not depend on people and people may use sessions.
 */
public interface LoginAccounts {
    /** A person's id, whether they are active, and their password hash (null when they have none). */
    record Account(long id, boolean active, String passwordHash) {}

    /** The person (never an API-key or internal user) with this email, any letter case. */
    Optional<Account> findForLogin(String email);

    /** Records a successful sign-in (last login time). */
    void recordLogin(long userId);
}
