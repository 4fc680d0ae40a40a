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
 * <p>
 * No lock is held while a pool connection is taken or used, and nobody holding a connection waits here: the monitor
 * guards only the in-memory maps (short sections); a flush marks its batch as being written and writes it without the
 * monitor; a reader ({@link #withPending}) reads the database with no monitor held and waits for a write in progress
 * only after its connection is back in the pool. (It used to be the other way round: a flush waited for a connection
 * while holding the monitor, and readers held a connection while waiting for the monitor: with every pool connection
 * held by such a reader, both sides waited for the pool's timeout.)
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
    /**
     * Counts taken from memory and not yet written, merged by (key, day) so they stay bounded; guarded by this. While
     * {@link #writing}, the flush in progress is writing exactly these (no one else changes them meanwhile).
     */
    private final Map<Long, Delta> unwritten = new HashMap<>();
    /** A flush is writing {@link #unwritten}; guarded by this. */
    private boolean writing;
    /** Batches committed so far; guarded by this (a reader compares it before and after its database read). */
    private long committed;
    private final AtomicLong flushes = new AtomicLong();
    private ScheduledExecutorService flusher;

    UsageRecorder(Database db, KeyUsageRepository repo, Clock clock) {
        this.db = db;
        this.repo = repo;
        this.clock = clock;
    }

    /**
     * Starts the background flush (without it counts are written only by {@link #flush} and {@link #close}), and runs
     * {@code upkeep} every {@code everyMinutes} on the same thread (the retention sweep).
     */
    synchronized void start(Runnable upkeep, long everyMinutes) {
        if (flusher != null) return;
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latchkey-key-usage");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
        flusher.scheduleWithFixedDelay(upkeep, 1, everyMinutes, TimeUnit.MINUTES);
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

    /**
     * A database read of usage together with the counts this instance has not written yet, each count seen exactly
     * once: in {@code stored} or in the pending part. {@code read} takes (and gives back) its own connection; no
     * monitor is held while it runs, and the wait for a write in progress happens with no connection held. If a batch
     * committed while the database was read (the read may or may not include it), the read is done again.
     */
    <T> Read<T> withPending(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            long before;
            synchronized (this) {
                awaitNoWrite();
                before = committed;
            }
            T stored = read.get();
            synchronized (this) {
                awaitNoWrite();
                if (committed == before || attempt == MAX_READ_ATTEMPTS) return new Read<>(stored, pendingLocked());
            }
        }
    }

    /** At most this many database reads per usage read; a batch is committed every few seconds, a read takes ms. */
    private static final int MAX_READ_ATTEMPTS = 5;

    /** A consistent read: what the database held, and a view of the counts pending at that moment. */
    record Read<T>(T stored, Pending pending) {}

    /** The pending counts, computed on demand while the reader's snapshot is current (under the monitor). */
    interface Pending {
        /** Counts not yet written for one key, day → counts. */
        Map<Integer, Delta> of(long keyId);

        /** The latest use of each key not yet written (key id → epoch ms). */
        Map<Long, Long> lastUse();
    }

    /** Snapshots of both pending views, taken now under the monitor (the caller holds it). */
    private Pending pendingLocked() {
        Map<Long, Map<Integer, Delta>> byKey = new HashMap<>();
        for (Delta d : unwritten.values()) byKey.computeIfAbsent(d.keyId(), k -> new HashMap<>()).merge(d.day(), d, UsageRecorder::sum);
        current.forEach((slot, c) -> {
            Delta d = new Delta(keyOf(slot), dayOf(slot), c.requests.sum(), c.denied.sum(), c.lastUsed.get());
            byKey.computeIfAbsent(d.keyId(), k -> new HashMap<>()).merge(d.day(), d, UsageRecorder::sum);
        });
        Map<Long, Long> lastUse = new HashMap<>();
        byKey.forEach((key, days) -> days.values().forEach(d -> { if (d.lastUsed() > 0) lastUse.merge(key, d.lastUsed(), Math::max); }));
        return new Pending() {
            @Override public Map<Integer, Delta> of(long keyId) { return byKey.getOrDefault(keyId, Map.of()); }

            @Override public Map<Long, Long> lastUse() { return lastUse; }
        };
    }

    /** Waits (releasing the monitor) until no flush is writing; the caller holds the monitor and no connection. */
    private void awaitNoWrite() {
        boolean interrupted = false;
        while (writing) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static Delta sum(Delta a, Delta b) {
        return new Delta(a.keyId(), a.day(), a.requests() + b.requests(), a.denied() + b.denied(), Math.max(a.lastUsed(), b.lastUsed()));
    }

    /**
     * Writes everything counted so far, in one transaction, with no monitor held while the connection is taken and
     * used. Flushes run one at a time (a second one waits for the first, holding nothing). If the write fails the counts
     * are kept for the next flush.
     */
    void flush() {
        List<Delta> batch;
        synchronized (this) {
            awaitNoWrite();
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
            batch = List.copyOf(unwritten.values());
            writing = true;
        }
        boolean written = false;
        try {
            repo.add(db, batch);
            written = true;
        } finally {
            synchronized (this) {
                if (written) {
                    unwritten.clear();
                    committed++;
                    flushes.incrementAndGet();
                }
                writing = false;
                notifyAll();
            }
        }
    }

    /** Completed flushes that wrote something (for tests). */
    long flushes() { return flushes.get(); }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Writing API-key usage failed; the counts are kept for the next attempt: {}", e.toString());
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
