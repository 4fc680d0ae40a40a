package dev.latchkey.cluster;

import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;

/**
 * MariaDB/MySQL have no NOTIFY. A writer appends a row to cache_invalidation inside its transaction; every instance
 * polls {@code id > cursor} (the primary key) every {@value #POLL_MS} ms on a dedicated connection and records in
 * cluster_member the database time its last poll started. A writer, after commit, waits until every live member
 * (polled within the live window) has polled after the commit. Rows older than {@value #RETENTION_MINUTES} minutes
 * are pruned by every instance once a minute.
 * <p>
 * Auto-increment ids are assigned at insert but become visible at commit, so a row can appear below the cursor's
 * highest id seen: the cursor stays below a hole for up to {@value #HOLE_TIMEOUT_MS} ms (the rows above it are
 * applied at once; a rolled-back transaction leaves a hole for good).
 */
final class MariaDbChannel implements Channel {
    static final int POLL_MS = 100;
    static final long HOLE_TIMEOUT_MS = 10_000;
    static final int RETENTION_MINUTES = 10;
    private static final long PRUNE_EVERY_MS = 60_000;
    private static final String DB_NOW = "SELECT CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED)";

    private final Invalidations owner;
    private final Database db;
    private final Connections connections;
    private final String me;
    private final ChannelThread thread;
    /** Every id at or below it has been applied (or given up as a hole). -1: not read yet. */
    private long cursor = -1;
    private final TreeSet<Long> seenAbove = new TreeSet<>();
    private long holeSince;
    private long lastPrune;

    MariaDbChannel(Invalidations owner, Database db, Connections connections) {
        this.owner = owner;
        this.db = db;
        this.connections = connections;
        this.me = owner.instanceId();
        this.thread = new ChannelThread(owner, connections, this::session);
    }

    @Override
    public Object send(Handle h, List<Invalidation> invalidations) {
        StringBuilder body = new StringBuilder();
        for (Invalidation inv : invalidations) {
            if (body.length() > 0) body.append(';');
            body.append(inv.encode());
        }
        h.createUpdate("INSERT INTO cache_invalidation (origin, created_at, payload) VALUES (:o, :t, :p)")
                .bind("o", me).bind("t", System.currentTimeMillis()).bind("p", body.length() > 1900 ? "*" : body.toString())
                .execute();
        return null;
    }

    @Override
    public void awaitPeers(Handle h, Object sent, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long committed = h.createQuery(DB_NOW).mapTo(Long.class).one();
        while (System.nanoTime() < deadline) {
            long behind = h.createQuery("SELECT COUNT(*) FROM cluster_member WHERE instance_id <> :me "
                            + "AND polled_at > :live AND polled_at <= :committed")
                    .bind("me", me).bind("live", committed - Invalidations.LIVE_WINDOW_MS).bind("committed", committed)
                    .mapTo(Long.class).one();
            if (behind == 0) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public List<String> livePeers() {
        return db.withHandle(h -> h.createQuery("SELECT instance_id FROM cluster_member WHERE instance_id <> :me "
                        + "AND polled_at > (" + DB_NOW + ") - :live")
                .bind("me", me).bind("live", Invalidations.LIVE_WINDOW_MS).mapTo(String.class).list());
    }

    @Override
    public void start() { thread.start(); }

    @Override
    public void close() {
        thread.stop();
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement("DELETE FROM cluster_member WHERE instance_id = ?")) {
            st.setString(1, me);
            st.executeUpdate();
        } catch (SQLException ignored) {
            // the row ages out of the live window by itself
        }
    }

    /** One connection's life: catch up from the cursor, resync, then poll until something fails. */
    private void session(Connection c) throws SQLException, InterruptedException {
        if (cursor < 0) cursor = scalar(c, "SELECT COALESCE(MAX(id), 0) FROM cache_invalidation");
        owner.resynced(System.nanoTime());
        while (thread.running()) {
            poll(c);
            Thread.sleep(POLL_MS);
        }
    }

    /** One poll: everything above the cursor (a few rows normally; the whole backlog after a reconnect). */
    private void poll(Connection c) throws SQLException {
        long startedAt = System.nanoTime();
        long dbNow = scalar(c, DB_NOW);
        try (PreparedStatement st = c.prepareStatement(
                "SELECT id, origin, created_at, payload FROM cache_invalidation WHERE id > ? ORDER BY id")) {
            st.setLong(1, cursor);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (!seenAbove.add(id)) continue;
                    if (!me.equals(rs.getString(2))) owner.received(Invalidation.decodeAll(rs.getString(4)), rs.getLong(3));
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO cluster_member (instance_id, polled_at) VALUES (?, ?) "
                + "ON DUPLICATE KEY UPDATE polled_at = VALUES(polled_at)")) {
            st.setString(1, me);
            st.setLong(2, dbNow);
            st.executeUpdate();
        }
        owner.confirmed(startedAt);
        advanceCursor();
        if (dbNow - lastPrune > PRUNE_EVERY_MS) prune(c, dbNow);
    }

    private void advanceCursor() {
        long before = cursor;
        while (!seenAbove.isEmpty() && seenAbove.first() == cursor + 1) cursor = seenAbove.pollFirst();
        long now = System.currentTimeMillis();
        if (seenAbove.isEmpty()) {
            holeSince = 0;
        } else if (holeSince == 0 || cursor != before) {
            holeSince = now;
        } else if (now - holeSince > HOLE_TIMEOUT_MS) {
            cursor = seenAbove.first() - 1; // a rolled-back writer: stop waiting for it
            holeSince = 0;
            advanceCursor();
        }
    }

    private void prune(Connection c, long dbNow) throws SQLException {
        lastPrune = dbNow;
        try (PreparedStatement st = c.prepareStatement("DELETE FROM cache_invalidation WHERE created_at < ?")) {
            st.setLong(1, dbNow - RETENTION_MINUTES * 60_000L);
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("DELETE FROM cluster_member WHERE polled_at < ?")) {
            st.setLong(1, dbNow - 3_600_000L);
            st.executeUpdate();
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
