package dev.latchkey.apikeys;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.CustomColumnProvider;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Per-key rate limits with Bucket4j: a bucket of {@code requests} tokens refilled all at once every
 * {@code per_seconds} (so at most {@code requests} requests in each window, exactly, also under concurrency). The
 * windows are fixed per key: they follow one another from the key's creation ({@code refillIntervallyAligned}), so a
 * bucket's state depends only on the requests made in the current window. A bucket that has refilled is therefore the
 * same as a new one, and a bucket idle that long can be dropped without changing any answer. (With windows counted
 * from a bucket's first request, as before, an idle bucket kept its phase for ever and a recreated one did not.) Time
 * is the app's clock.
 * <ul>
 *   <li>PostgreSQL and MariaDB: one bucket per key in api_key_rate_bucket, shared by every instance on the database
 *       (Bucket4j's SELECT ... FOR UPDATE proxy managers; PostgreSQL's from bucket4j_jdk17-postgresql,
 *       MariaDB's in {@link MariaDbBuckets}). A limited request costs one short transaction. Each write also stores
 *       {@code full_at} ({@link #fullAt}), when the bucket is full again, for the retention sweep ({@link KeyRetention}).</li>
 *   <li>H2 (single instance): buckets in memory, dropped by a sweep (at most once a minute, run by a request) once
 *       idle for {@code per_seconds} (a bucket idle that long is full again, so a new one answers the same). A plain
 *       concurrent map rather than a Caffeine cache with per-entry expiry: the cache's bookkeeping on every read
 *       was most of the restrictions' cost per request (BENCHMARKS.md, issue 14).</li>
 * </ul>
 * A bucket's id carries the limit ({@code <key row id>:<requests>/<per_seconds>}), so a changed limit applies
 * from the very next request with a full bucket.
 */
final class KeyRateLimiter {
    /** One consumption's outcome and the IETF RateLimit-* header values. */
    record Probe(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
        Map<String, String> headers() {
            String l = Long.toString(limit), r = Long.toString(remaining), reset = Long.toString(resetSeconds);
            return allowed ? Map.of("RateLimit-Limit", l, "RateLimit-Remaining", r, "RateLimit-Reset", reset)
                    : Map.of("RateLimit-Limit", l, "RateLimit-Remaining", r, "RateLimit-Reset", reset,
                            "Retry-After", Long.toString(retryAfterSeconds));
        }
    }

    static final String FULL_AT = "full_at";
    private static final long SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final ProxyManager<String> shared;
    private final ConcurrentHashMap<String, LocalBucket> local;
    private final TimeMeter clock;
    private final AtomicLong nextSweep;

    /** An in-memory bucket and when it was last used (the clock's nanoseconds). */
    private static final class LocalBucket {
        final Bucket bucket;
        final long idleNanos;
        volatile long lastUsed;

        LocalBucket(KeyRestrictions.RateLimit limit, long windowsFrom, TimeMeter clock, long now) {
            this.bucket = Bucket.builder().addLimit(bandwidth(limit, windowsFrom)).withCustomTimePrecision(clock).build();
            this.idleNanos = Duration.ofSeconds(limit.perSeconds()).toNanos();
            this.lastUsed = now;
        }
    }

    private KeyRateLimiter(ProxyManager<String> shared, TimeMeter clock) {
        this.shared = shared;
        this.local = shared != null ? null : new ConcurrentHashMap<>();
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.currentTimeNanos() + SWEEP_EVERY_NANOS);
    }

    /** Bucket4j's view of a clock in wall-clock nanoseconds (aligned windows need a wall clock). */
    static TimeMeter nanos(LongSupplier wallClockNanos) {
        return new TimeMeter() {
            @Override public long currentTimeNanos() { return wallClockNanos.getAsLong(); }
            @Override public boolean isWallClockBased() { return true; }
        };
    }

    /** The app's clock (epoch ms) as Bucket4j reads time. */
    static TimeMeter millis(LongSupplier epochMillis) { return nanos(() -> TimeUnit.MILLISECONDS.toNanos(epochMillis.getAsLong())); }

    /** In-memory buckets on the given clock, wall-clock nanoseconds (tests of the idle sweep). */
    static KeyRateLimiter inMemory(LongSupplier wallClockNanos) { return new KeyRateLimiter(null, nanos(wallClockNanos)); }

    /** Buckets in this process only (H2, tests, benchmarks), on the system clock. */
    static KeyRateLimiter inMemory() { return new KeyRateLimiter(null, millis(System::currentTimeMillis)); }

    static KeyRateLimiter postgres(DataSource ds, TimeMeter clock) {
        return new KeyRateLimiter(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(ds).primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(MariaDbBuckets.TABLE).idColumn("id").stateColumn("state").addCustomColumn(FULL_AT_COLUMN)
                .clientClock(clock).build(), clock);
    }

    static KeyRateLimiter mariadb(DataSource ds, TimeMeter clock) { return new KeyRateLimiter(new MariaDbBuckets(ds, clock), clock); }

    /**
     * Shared buckets on PostgreSQL and MariaDB/MySQL (several instances may share those), in memory on H2; on the app's
     * clock ({@code epochMillis}).
     */
    static KeyRateLimiter forDatabase(dev.latchkey.db.Database db, LongSupplier epochMillis) {
        String product;
        try {
            product = db.<String, java.sql.SQLException>withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName())
                    .toLowerCase(java.util.Locale.ROOT);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot tell which database rate limits run on", e);
        }
        TimeMeter clock = millis(epochMillis);
        if (product.contains("postgres")) return postgres(db.dataSource(), clock);
        if (product.contains("mariadb") || product.contains("mysql")) return mariadb(db.dataSource(), clock);
        return new KeyRateLimiter(null, clock);
    }

    /**
     * Epoch ms (the app's clock) from which a bucket in this state is full again, written with every state: from then
     * on the row can go (a new bucket is the same, see the class comment).
     */
    static long fullAt(RemoteBucketState state, long nowNanos) {
        return TimeUnit.NANOSECONDS.toMillis(nowNanos + state.calculateFullRefillingTime(nowNanos) + 999_999L);
    }

    private static final CustomColumnProvider<String> FULL_AT_COLUMN = new CustomColumnProvider<>() {
        @Override
        public void setCustomField(String key, int index, java.sql.PreparedStatement statement, RemoteBucketState state,
                                   long nowNanos) throws java.sql.SQLException {
            statement.setLong(index, fullAt(state, nowNanos));
        }

        @Override public String getCustomFieldName() { return FULL_AT; }
    };

    /** Whether buckets are shared by every instance on the database (README: per key across instances). */
    boolean sharedAcrossInstances() { return shared != null; }

    static String bucketId(long keyRowId, KeyRestrictions.RateLimit limit) {
        return keyRowId + ":" + limit.requests() + "/" + limit.perSeconds();
    }

    /** The prefix of every bucket id of one key, to drop them when its limit changes or it is deleted. */
    static String bucketPrefix(long keyRowId) { return keyRowId + ":"; }

    /**
     * Takes one token from the key's bucket if there is one. {@code windowsFrom}: epoch ms the key's windows are counted
     * from (its creation).
     */
    Probe consume(String bucketId, KeyRestrictions.RateLimit limit, long windowsFrom) {
        Bucket bucket = shared != null ? shared.getProxy(bucketId, () -> configuration(limit, windowsFrom))
                : localBucket(bucketId, limit, windowsFrom);
        ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
        long reset = seconds(p.getNanosToWaitForReset());
        return p.isConsumed() ? new Probe(true, limit.requests(), p.getRemainingTokens(), reset, 0)
                : new Probe(false, limit.requests(), 0, reset, Math.max(1, seconds(p.getNanosToWaitForRefill())));
    }

    private Bucket localBucket(String bucketId, KeyRestrictions.RateLimit limit, long windowsFrom) {
        long now = clock.currentTimeNanos();
        LocalBucket b = local.get(bucketId);
        if (b == null) b = local.computeIfAbsent(bucketId, id -> new LocalBucket(limit, windowsFrom, clock, now));
        b.lastUsed = now;
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) sweep(now);
        return b.bucket;
    }

    /** Drops buckets idle for a whole period (full again); the check runs under the map's lock for that entry. */
    private void sweep(long now) {
        for (String id : local.keySet()) {
            local.computeIfPresent(id, (k, b) -> now - b.lastUsed >= b.idleNanos ? null : b);
        }
    }

    /** How many in-memory buckets are held (tests of the idle sweep). */
    int localBuckets() { return local == null ? 0 : local.size(); }

    private static BucketConfiguration configuration(KeyRestrictions.RateLimit limit, long windowsFrom) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit, windowsFrom)).build();
    }

    /** {@code requests} tokens, all back at the end of each window; windows follow one another from {@code windowsFrom}. */
    private static Bandwidth bandwidth(KeyRestrictions.RateLimit limit, long windowsFrom) {
        Duration window = Duration.ofSeconds(limit.perSeconds());
        return Bandwidth.builder().capacity(limit.requests())
                .refillIntervallyAligned(limit.requests(), window, Instant.ofEpochMilli(windowsFrom).plus(window)).build();
    }

    private static long seconds(long nanos) { return (nanos + 999_999_999L) / 1_000_000_000L; }
}
