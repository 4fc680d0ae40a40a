package dev.latchkey.cluster;

import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL: one channel, three kinds of message, all NOTIFY payloads ({@code <kind> <sender> ...}):
 * <ul>
 *   <li>{@code i <sender> <seq> <sent ms> <invalidations>}: sent inside the writing transaction (delivered on commit);</li>
 *   <li>{@code a <sender> <to> <seq>}: "I applied your invalidations up to seq" (the writer waits for these);</li>
 *   <li>{@code h <sender> <n>}: a heartbeat every {@value #HEARTBEAT_MS} ms from the listener connection. When an
 *       instance gets its own heartbeat back, every notification committed before it was sent has arrived
 *       (PostgreSQL delivers in commit order): that is the confirmation {@link Invalidations#isFresh} relies on.</li>
 * </ul>
 * The listener waits with {@code PGConnection.getNotifications(timeout)}; a terminated backend or a dead socket
 * (network timeout) ends the connection, and the thread reconnects, LISTENs and resyncs.
 */
final class PostgresChannel implements Channel {
    static final String CHANNEL = "latchkey_invalidation";
    static final int HEARTBEAT_MS = 250;
    private static final int MAX_PAYLOAD = 7000;

    private final Invalidations owner;
    private final Connections connections;
    private final String me;
    private final AtomicLong seq = new AtomicLong();
    /** peer id → nanoTime last heard from. */
    private final Map<String, Long> peers = new ConcurrentHashMap<>();
    /** peer id → highest of our seqs it acknowledged. */
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Object ackMonitor = new Object();
    private final ChannelThread thread;

    PostgresChannel(Invalidations owner, Connections connections) {
        this.owner = owner;
        this.connections = connections;
        this.me = owner.instanceId();
        this.thread = new ChannelThread(owner, connections, this::listen);
    }

    @Override
    public Object send(Handle h, List<Invalidation> invalidations) {
        long n = seq.incrementAndGet();
        StringBuilder body = new StringBuilder();
        for (Invalidation inv : invalidations) {
            if (body.length() > 0) body.append(';');
            body.append(inv.encode());
        }
        String payload = "i " + me + " " + n + " " + System.currentTimeMillis() + " "
                + (body.length() > MAX_PAYLOAD ? "*" : body);
        h.createQuery("SELECT 1 FROM (SELECT pg_notify(:c, :p)) n").bind("c", CHANNEL).bind("p", payload)
                .mapTo(Integer.class).one();
        return n;
    }

    @Override
    public void awaitPeers(Handle h, Object sent, long timeoutMillis) {
        long n = (Long) sent;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (ackMonitor) {
            while (true) {
                boolean all = true;
                for (String peer : livePeers()) {
                    if (acked.getOrDefault(peer, 0L) < n) all = false;
                }
                long left = deadline - System.nanoTime();
                if (all || left <= 0) return;
                try {
                    ackMonitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public List<String> livePeers() {
        long cutoff = System.nanoTime() - Invalidations.LIVE_WINDOW_MS * 1_000_000;
        List<String> live = new ArrayList<>();
        peers.forEach((id, at) -> { if (at > cutoff) live.add(id); });
        return live;
    }

    @Override
    public void start() { thread.start(); }

    @Override
    public void close() { thread.stop(); }

    /** One connection's life: LISTEN, resync, then heartbeat and receive until something fails. */
    private void listen(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        }
        owner.resynced(System.nanoTime());
        PGConnection pg = c.unwrap(PGConnection.class);
        long beat = 0;
        Map<Long, Long> beatSentAt = new HashMap<>();
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            while (thread.running()) {
                beat++;
                beatSentAt.put(beat, System.nanoTime());
                beatSentAt.remove(beat - 64);
                send(notify, "h " + me + " " + beat);
                long until = System.nanoTime() + HEARTBEAT_MS * 1_000_000L;
                long left;
                while ((left = until - System.nanoTime()) > 0 && thread.running()) {
                    PGNotification[] ns = pg.getNotifications((int) Math.max(1, left / 1_000_000));
                    if (ns != null) handle(ns, notify, beatSentAt);
                }
            }
        }
    }

    private void handle(PGNotification[] ns, PreparedStatement notify, Map<Long, Long> beatSentAt) throws SQLException {
        Map<String, Long> toAck = new HashMap<>();
        long now = System.nanoTime();
        for (PGNotification n : ns) {
            String[] parts = n.getParameter().split(" ", 5);
            if (parts.length < 3) continue;
            String sender = parts[1];
            boolean mine = sender.equals(me);
            if (!mine) peers.put(sender, now);
            switch (parts[0]) {
                case "h" -> {
                    if (mine) {
                        Long sentAt = beatSentAt.get(Long.parseLong(parts[2]));
                        if (sentAt != null) owner.confirmed(sentAt);
                    }
                }
                case "i" -> {
                    if (!mine && parts.length == 5) {
                        owner.received(Invalidation.decodeAll(parts[4]), Long.parseLong(parts[3]));
                        toAck.merge(sender, Long.parseLong(parts[2]), Math::max);
                    }
                }
                case "a" -> {
                    if (parts.length == 4 && parts[2].equals(me)) {
                        acked.merge(sender, Long.parseLong(parts[3]), Math::max);
                        synchronized (ackMonitor) {
                            ackMonitor.notifyAll();
                        }
                    }
                }
                default -> { }
            }
        }
        for (var e : toAck.entrySet()) send(notify, "a " + me + " " + e.getKey() + " " + e.getValue());
    }

    private static void send(PreparedStatement notify, String payload) throws SQLException {
        notify.setString(1, CHANNEL);
        notify.setString(2, payload);
        notify.executeQuery().close();
    }
}
