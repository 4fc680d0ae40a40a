package dev.latchkey.auth;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Tells caches that a user's credentials, rights or profile changed (membership, admin flag, deactivation, key
 * change, name/email/locale edits, sign-in time).
 * Listeners run right away and again after the transaction commits, so a request that reloads between the
 * two sees the committed state and the write request returns only after every cache was told.
 * Subscribers only drop cached entries; they never write.
 */
public final class UserEvents {
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(LongConsumer listener) { listeners.add(listener); }

    /** Call inside the transaction that makes the change. */
    public void changed(Handle h, long userId) {
        fire(userId);
        h.afterCommit(() -> fire(userId));
    }

    /** Call after a change that was committed outside a handle this code holds. */
    public void changed(long userId) { fire(userId); }

    private void fire(long userId) {
        for (LongConsumer l : listeners) l.accept(userId);
    }
}
