package dev.latchkey.apikeys;

import dev.latchkey.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-key, per-UTC-day request counts and last use, counted in memory on the request thread (no database write per
 * request, no lock: a map lookup and two adds) and written in batches by one background thread every
 * {@value #FLUSH_SECONDS} s, and on shutdown. The bound: a request is in the database at most {@value #FLUSH_SECONDS}
 * s (plus one batch's write) after it was authenticated, unless the database is down, in which case the counts are
 * kept and written by a later flush.
 * <p>
 * Exact under concurrency: a flush takes each counter with {@code LongAdder.sumThenReset}, which moves every add to
 * exactly one batch. A day's counters are dropped from memory only once they are two days old and empty. Each
 * instance writes its own counts as increments, so several instances sharing a database add up.
 */
final class UsageRecorder implements AutoCloseable {
    static final int FLUSH_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** One key's counts for one day; requests, denials and the latest use, all added concurrently. */
    static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder denied = new LongAdder();
        final LongAccumulator lastUsed = new LongAccumulator(Math::max, 0);
    }

    /** One batch row: what a key did on one day since the last flush. */
    record Delta(long keyId, int day, long requests, long denied, long lastUsed) {}

    private final Database db;
    private final KeyUsageRepository repo;
    private final Clock clock;
    private final ConcurrentHashMap<Long, Counts> current = new ConcurrentHashMap<>();
    /** Counts taken from memory and not yet written, merged by (key, day) so they stay bounded; guarded by this. */
    private final Map<Long, Delta> unwritten = new HashMap<>();
    private final AtomicLong flushes = new AtomicLong();
    private ScheduledExecutorService flusher;

    UsageRecorder(Database db, KeyUsageRepository repo, Clock clock) {
        this.db = db;
        this.repo = repo;
        this.clock = clock;
    }

    /** Starts the background flush; without it counts are written only by {@link #flush} and {@link #close}. */
    synchronized void start() {
        if (flusher != null) return;
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latchkey-key-usage");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /** A successful authentication with this key (the hot path). */
    void requested(long keyId) {
        long now = clock.millis();
        Counts c = counts(keyId, now);
        c.requests.increment();
        c.lastUsed.accumulate(now);
    }

    /** A request this key authenticated that a later rule answered 401, 403 or 429. */
    void denied(long keyId) { counts(keyId, clock.millis()).denied.increment(); }

    private Counts counts(long keyId, long now) {
        Long slot = slot(keyId, day(now));
        Counts c = current.get(slot);
        return c != null ? c : current.computeIfAbsent(slot, s -> new Counts());
    }

    static int day(long epochMillis) { return (int) Math.floorDiv(epochMillis, MILLIS_PER_DAY); }

    /** Key id and day in one long: the day in the low 24 bits (epoch days stay below 2^24 until the year 47,000). */
    private static long slot(long keyId, int day) { return (keyId << 24) | day; }

    private static long keyOf(long slot) { return slot >>> 24; }

    private static int dayOf(long slot) { return (int) (slot & 0xFFFFFF); }

    /** Counts not yet written for one key, day → counts (for reads that want to include the last few seconds). */
    synchronized Map<Integer, Delta> pending(long keyId) {
        Map<Integer, Delta> out = new HashMap<>();
        for (Delta d : unwritten.values()) if (d.keyId() == keyId) out.merge(d.day(), d, UsageRecorder::sum);
        current.forEach((slot, c) -> {
            if (keyOf(slot) != keyId) return;
            Delta d = new Delta(keyId, dayOf(slot), c.requests.sum(), c.denied.sum(), c.lastUsed.get());
            out.merge(d.day(), d, UsageRecorder::sum);
        });
        return out;
    }

    /** The latest use of each key not yet written (key id → epoch ms). */
    synchronized Map<Long, Long> pendingLastUse() {
        Map<Long, Long> out = new HashMap<>();
        for (Delta d : unwritten.values()) if (d.lastUsed() > 0) out.merge(d.keyId(), d.lastUsed(), Math::max);
        current.forEach((slot, c) -> {
            long t = c.lastUsed.get();
            if (t > 0) out.merge(keyOf(slot), t, Math::max);
        });
        return out;
    }

    private static Delta sum(Delta a, Delta b) {
        return new Delta(a.keyId(), a.day(), a.requests() + b.requests(), a.denied() + b.denied(), Math.max(a.lastUsed(), b.lastUsed()));
    }

    /**
     * Writes everything counted so far, in one transaction. Synchronized with {@link #pending} so a reader sees each
     * count exactly once (in memory or in the database). If the write fails the counts are kept for the next flush.
     */
    synchronized void flush() {
        int today = day(clock.millis());
        current.forEach((slot, c) -> {
            long requests = c.requests.sumThenReset();
            long denied = c.denied.sumThenReset();
            if (requests != 0 || denied != 0) {
                unwritten.merge(slot, new Delta(keyOf(slot), dayOf(slot), requests, denied, c.lastUsed.get()), UsageRecorder::sum);
            } else if (dayOf(slot) < today - 1) {
                current.remove(slot, c);
            }
        });
        if (unwritten.isEmpty()) return;
        repo.add(db, List.copyOf(unwritten.values()));
        unwritten.clear();
        flushes.incrementAndGet();
    }

    /** Completed flushes that wrote something (for tests). */
    long flushes() { return flushes.get(); }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Writing API-key usage failed; {} rows kept for the next attempt: {}", unwritten.size(), e.toString());
        }
    }

    /** Stops the background flush and writes what is left (a clean shutdown loses no count). */
    @Override
    public void close() {
        synchronized (this) {
            if (flusher != null) flusher.shutdownNow();
            flusher = null;
        }
        flushQuietly();
    }
}
