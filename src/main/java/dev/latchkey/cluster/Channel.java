package dev.latchkey.cluster;

import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * How invalidations reach the other instances sharing the database. A channel runs its own thread on its own
 * connection and reports to {@link Invalidations}: what it received, when it last confirmed that nothing was lost,
 * and when it (re)connected.
 */
interface Channel extends AutoCloseable {
    /** Sends inside the writer's transaction, so the others learn of the change exactly when it commits. */
    Object send(Handle h, List<Invalidation> invalidations);

    /**
     * After commit: waits (at most timeoutMillis) until every live peer has applied what {@code sent} carried. Runs
     * on the writer's own handle (committed, back in autocommit), so it never needs a second pool connection.
     */
    void awaitPeers(Handle h, Object sent, long timeoutMillis);

    void start();

    /** Ids of the other instances heard from recently. */
    List<String> livePeers();

    @Override
    void close();

    /** H2: one instance, nothing to send. */
    final class Local implements Channel {
        @Override public Object send(Handle h, List<Invalidation> invalidations) { return null; }
        @Override public void awaitPeers(Handle h, Object sent, long timeoutMillis) { }
        @Override public void start() { }
        @Override public List<String> livePeers() { return List.of(); }
        @Override public void close() { }
    }
}
