package dev.latchkey.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A channel's own thread: opens the dedicated connection, runs one session on it until something fails (a
 * terminated backend, a read past the network timeout), reports the loss, and reconnects with a backoff of
 * 100 ms doubling to 1 s. The session reports the (re)connect itself, once it is listening again.
 */
final class ChannelThread {
    interface Session {
        /** Runs until {@link #running()} turns false or something fails. */
        void run(Connection c) throws Exception;
    }

    private final Invalidations owner;
    private final Connections connections;
    private final Session session;
    /** Runs the driver's abort when a read exceeds the network timeout (a socket that died silently). */
    private final ExecutorService timeouts = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latchkey-invalidations-timeout");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;
    private volatile Connection conn;
    private Thread thread;

    ChannelThread(Invalidations owner, Connections connections, Session session) {
        this.owner = owner;
        this.connections = connections;
        this.session = session;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, "latchkey-invalidations");
        thread.setDaemon(true);
        thread.start();
    }

    boolean running() { return running; }

    void stop() {
        running = false;
        closeQuietly();
        timeouts.shutdownNow();
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long backoff = 100;
        while (running) {
            try {
                Connection c = connections.open();
                conn = c;
                c.setNetworkTimeout(timeouts, (int) Invalidations.LIVE_WINDOW_MS);
                backoff = 100;
                session.run(c);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                closeQuietly();
                if (!running) return;
                owner.lost(e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(1_000, backoff * 2);
            }
        }
    }

    private void closeQuietly() {
        Connection c = conn;
        conn = null;
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }
}
