package dev.latchkey.cluster;

import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one way a change that can affect authentication or authorization reaches every cache of every instance.
 * {@code invalidations.publish(h, Invalidation.user(id))} inside the writing transaction:
 * <ul>
 *   <li>drops the entries in this instance right away and again after commit (a request that reloaded in between
 *       sees the committed state), and</li>
 *   <li>sends it to the other instances in the same transaction (PostgreSQL NOTIFY, delivered on commit; MariaDB a
 *       row in cache_invalidation, polled), and after commit waits up to {@value #ACK_TIMEOUT_MS} ms until every
 *       live peer has applied it, so a client behind a load balancer is refused on its very next request.</li>
 * </ul>
 * The bound, which caches enforce through {@link #isFresh}: a change is applied everywhere within 1 s while the
 * channel works; an entry is trusted longer than {@value #FALLBACK_TTL_MS} ms only while this instance's channel
 * has confirmed, within the last {@value #LIVE_WINDOW_MS} ms, that it lost nothing, and only if it was loaded after
 * the channel last (re)connected. So if an instance loses its channel, a change is seen there within
 * {@value #FALLBACK_TTL_MS} ms. Changes made outside Latchkey (raw SQL) are not published: caches also expire
 * entries {@value #MAX_AGE_SECONDS} s after loading. H2 is single-instance: publishing is local only.
 */
public final class Invalidations implements AutoCloseable {
    public static final long FALLBACK_TTL_MS = 2_000;
    public static final long LIVE_WINDOW_MS = 2_000;
    public static final long MAX_AGE_SECONDS = 10;
    public static final long ACK_TIMEOUT_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(Invalidations.class);

    private final String instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
    private final Channel channel;
    /** Open transactions that published (weak: a handle that neither commits nor rolls back is not kept alive). */
    private final java.util.Map<Handle, Pending> pending = new java.util.WeakHashMap<>();
    private final boolean local;
    /** nanoTime before which every change committed elsewhere has been applied here (Long.MIN_VALUE: never). */
    private volatile long confirmedAt = Long.MIN_VALUE;
    /** nanoTime of the last (re)connect; entries loaded before it are trusted only for FALLBACK_TTL_MS. */
    private volatile long epoch = Long.MAX_VALUE;
    private volatile long lagMillis;
    private volatile long received;

    private Invalidations(java.util.function.Function<Invalidations, Channel> channel, boolean local) {
        this.channel = channel.apply(this); // the channel only keeps the reference; it starts in start()
        this.local = local;
    }

    /** Local only (H2, single instance). */
    public static Invalidations local() { return new Invalidations(self -> new Channel.Local(), true); }

    /** PostgreSQL: LISTEN/NOTIFY on a dedicated connection (not the pool: a LISTEN must stay on one session). */
    public static Invalidations postgres(String jdbcUrl, String user, String password) {
        Connections connections = new Connections(jdbcUrl, user, password);
        return new Invalidations(self -> new PostgresChannel(self, connections), false);
    }

    /** MariaDB/MySQL: the cache_invalidation table, polled on a dedicated connection; writers wait on cluster_member. */
    public static Invalidations mariadb(Database db, String jdbcUrl, String user, String password) {
        Connections connections = new Connections(jdbcUrl, user, password);
        return new Invalidations(self -> new MariaDbChannel(self, db, connections), false);
    }

    public Invalidations start() {
        channel.start();
        return this;
    }

    public String instanceId() { return instanceId; }

    /** Caches subscribe once, at construction. Listeners only drop entries; they never write or block. */
    public void subscribe(Consumer<Invalidation> listener) { listeners.add(listener); }

    /**
     * Publishes inside the writing transaction (see the class comment). Several publishes in one transaction share
     * one after-commit step: drop them all again, then wait once for the peers.
     */
    public void publish(Handle h, Invalidation... invalidations) {
        List<Invalidation> list = Arrays.asList(invalidations);
        list.forEach(this::apply);
        if (!h.isInTransaction()) { // autocommit: the statement sent below commits at once
            Object sent = channel.send(h, list);
            list.forEach(this::apply);
            channel.awaitPeers(h, sent, ACK_TIMEOUT_MS);
            return;
        }
        Pending p;
        boolean first;
        synchronized (pending) {
            p = pending.get(h);
            first = p == null;
            if (first) pending.put(h, p = new Pending());
        }
        // what this transaction sent already is not sent again (a move writes many collection rows, each publishes)
        Pending mine = p;
        List<Invalidation> fresh = list.stream().filter(inv -> !mine.invalidations.contains(inv)).distinct().toList();
        if (fresh.isEmpty()) {
            if (first) forget(h);
            return;
        }
        mine.invalidations.addAll(fresh);
        mine.lastSent = channel.send(h, fresh);
        if (!first) return;
        h.afterRollback(() -> forget(h));
        h.afterCommit(() -> {
            forget(h);
            mine.invalidations.forEach(this::apply);
            channel.awaitPeers(h, mine.lastSent, ACK_TIMEOUT_MS);
        });
    }

    /** What one transaction published so far (a transaction runs on one thread). */
    private static final class Pending {
        final java.util.Set<Invalidation> invalidations = new java.util.LinkedHashSet<>();
        Object lastSent;
    }

    private void forget(Handle h) {
        synchronized (pending) {
            pending.remove(h);
        }
    }

    /** Drops entries in this instance only (benchmarks, tests); real changes use {@link #publish}. */
    public void applyLocally(Invalidation inv) { apply(inv); }

    /**
     * May a cache entry loaded at {@code loadedAtNanos} (System.nanoTime, taken before its database read) be used
     * without reading the database again? Always for {@value #FALLBACK_TTL_MS} ms; longer only while the channel is
     * confirmed live and the entry was loaded after the last (re)connect.
     */
    public boolean isFresh(long loadedAtNanos) {
        if (local) return true;
        long now = System.nanoTime();
        if (now - loadedAtNanos < FALLBACK_TTL_MS * 1_000_000) return true;
        long confirmed = confirmedAt;
        return confirmed != Long.MIN_VALUE && now - confirmed < LIVE_WINDOW_MS * 1_000_000 && loadedAtNanos >= epoch;
    }

    /** Is the channel confirmed live right now (always true on H2)? */
    public boolean channelLive() {
        long confirmed = confirmedAt;
        return local || (confirmed != Long.MIN_VALUE && System.nanoTime() - confirmed < LIVE_WINDOW_MS * 1_000_000);
    }

    /** Milliseconds between the last received invalidation's commit on another instance and its arrival here. */
    public long propagationLagMillis() { return lagMillis; }

    /** How many invalidations from other instances this one has applied. */
    public long receivedCount() { return received; }

    public List<String> livePeers() { return channel.livePeers(); }

    @Override
    public void close() { channel.close(); }

    // ---- called by the channel thread ----

    void received(List<Invalidation> invalidations, long sentMillis) {
        invalidations.forEach(this::apply);
        lagMillis = Math.max(0, System.currentTimeMillis() - sentMillis);
        received += invalidations.size();
    }

    /** Everything committed elsewhere before {@code atNanos} has been applied here. */
    void confirmed(long atNanos) {
        if (atNanos > confirmedAt || confirmedAt == Long.MIN_VALUE) confirmedAt = atNanos;
    }

    /** The channel (re)connected at {@code atNanos}: what was sent while it was away is lost, so drop everything. */
    void resynced(long atNanos) {
        epoch = atNanos;
        apply(Invalidation.all());
        confirmed(atNanos);
        log.info("Cache invalidation channel connected (instance {}); caches resynced", instanceId);
    }

    void lost(Exception e) {
        boolean wasUp = confirmedAt != Long.MIN_VALUE;
        confirmedAt = Long.MIN_VALUE;
        if (wasUp) log.warn("Cache invalidation channel lost (instance {}); caches fall back to {} ms: {}", instanceId, FALLBACK_TTL_MS,
                e.getMessage());
    }

    private void apply(Invalidation inv) {
        for (Consumer<Invalidation> l : listeners) l.accept(inv);
    }
}
