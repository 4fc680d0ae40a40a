package dev.latchkey.auth;

import dev.latchkey.cluster.Invalidation;
import dev.latchkey.cluster.Invalidations;
import org.jdbi.v3.core.Handle;

/**
 * Tells every cache, on every instance, that a user's credentials, rights or profile changed (membership, admin
 * flag, deactivation, key change, name/email/locale edits, sign-in time). A thin name for
 * {@code invalidations.publish(h, Invalidation.user(id))}: dropped here before and after commit, sent to the other
 * instances in the same transaction (see {@link Invalidations} for the bound).
 */
public final class UserEvents {
    private final Invalidations invalidations;

    public UserEvents(Invalidations invalidations) { this.invalidations = invalidations; }

    /** The channel behind these events, for caches that subscribe and features that publish other kinds. */
    public Invalidations invalidations() { return invalidations; }

    /** Call inside the transaction that makes the change. */
    public void changed(Handle h, long userId) { invalidations.publish(h, Invalidation.user(userId)); }

    /** This instance only, outside any transaction: for benchmarks and tests that evict on purpose. */
    public void changed(long userId) { invalidations.applyLocally(Invalidation.user(userId)); }
}
