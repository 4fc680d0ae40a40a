package dev.latchkey.db;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the application database can be reached, for /api/health and for answering an outage with 503.
 * <p>
 * {@link #reachable()} never waits longer than {@value #PROBE_WAIT_MS} ms: it answers from a result at most
 * {@value #FRESH_MS} ms old, or starts one probe (a fresh connection outside the pool, so a busy pool is not
 * mistaken for an outage) and waits that long for it. A request that just failed for want of a connection
 * ({@link #markDown()}) counts as a probe that failed, so health says 503 at once; the next probe, at most
 * FRESH_MS later, clears it when the database is back.
 * <p>
 * While the database is known to be down, a watcher probes every {@value #WATCH_MS} ms; the first success runs the
 * recovery hook (the pool is renewed if the outage emptied it: HikariCP backs off up to 5 s between connection
 * attempts, too slow a return), so service resumes within about a second of the database.
 */
public final class Availability implements AutoCloseable {
    static final long FRESH_MS = 1_000;
    static final long PROBE_WAIT_MS = 800;

    /** Opens a connection that does not come from the pool; the caller closes it. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    private record Result(boolean up, long atMillis) {}

    static final long WATCH_MS = 250;

    private final Connector connector;
    private final Runnable onRecovered;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latchkey-db-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile Result last = new Result(true, 0);
    private CompletableFuture<Boolean> running;
    private ScheduledFuture<?> watcher;

    Availability(Connector connector, Runnable onRecovered) {
        this.connector = connector;
        this.onRecovered = onRecovered;
    }

    /** True when the database answered a probe recently; waits at most PROBE_WAIT_MS for a new probe. */
    public boolean reachable() {
        Result r = last;
        if (System.currentTimeMillis() - r.atMillis() < FRESH_MS) return r.up();
        try {
            return probe().get(PROBE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** A request just failed because the database could not be reached: health says so, and a watcher waits for it. */
    public synchronized void markDown() {
        last = new Result(false, System.currentTimeMillis());
        if (watcher == null || watcher.isDone()) {
            watcher = prober.scheduleWithFixedDelay(this::watch, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void watch() {
        if (!check()) return;
        synchronized (this) {
            if (watcher != null) watcher.cancel(false);
        }
    }

    /** One probe; on the way from down to up it runs the recovery hook before anyone is told. */
    private boolean check() {
        boolean up;
        try (Connection c = connector.open()) {
            up = c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            up = false;
        }
        boolean wasDown = !last.up();
        if (up && wasDown) {
            try {
                onRecovered.run();
            } catch (RuntimeException e) {
                // the pool recovers on its own, only more slowly
            }
        }
        last = new Result(up, System.currentTimeMillis());
        return up;
    }

    /**
     * True when an error means "the database cannot be reached" (no connection from the pool in time, a connection
     * refused, reset or closed under a query), as opposed to an error in a statement.
     */
    public static boolean isOutage(Throwable error) {
        boolean inSql = false; // a network error counts only under a database error (not a client's broken body)
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) return true;
            if (t instanceof SQLException s) {
                if (s.getSQLState() != null && s.getSQLState().startsWith("08")) return true;
                inSql = true;
            }
            if (inSql && (t instanceof ConnectException || t instanceof SocketException || t instanceof SocketTimeoutException
                    || t instanceof EOFException)) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    private synchronized CompletableFuture<Boolean> probe() {
        if (running != null && !running.isDone()) return running;
        running = CompletableFuture.supplyAsync(this::check, prober);
        return running;
    }

    @Override
    public void close() { prober.shutdownNow(); }
}
