package dev.latchkey.apikeys;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Per-key rate limits with Bucket4j: a bucket of {@code requests} tokens refilled all at once every
 * {@code per_seconds} (so at most {@code requests} requests in each window, exactly, also under concurrency).
 * <ul>
 *   <li>PostgreSQL and MariaDB: one bucket per key in api_key_rate_bucket, shared by every instance on the database
 *       (Bucket4j's SELECT ... FOR UPDATE proxy managers; PostgreSQL's from bucket4j_jdk17-postgresql,
 *       MariaDB's in {@link MariaDbBuckets}). A limited request costs one short transaction.</li>
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

    private static final long SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final ProxyManager<String> shared;
    private final ConcurrentHashMap<String, LocalBucket> local;
    private final LongSupplier nanoClock;
    private final AtomicLong nextSweep;

    /** An in-memory bucket and when it was last used (System.nanoTime). */
    private static final class LocalBucket {
        final Bucket bucket;
        final long idleNanos;
        volatile long lastUsed;

        LocalBucket(KeyRestrictions.RateLimit limit, long now) {
            this.bucket = Bucket.builder().addLimit(bandwidth(limit)).build();
            this.idleNanos = Duration.ofSeconds(limit.perSeconds()).toNanos();
            this.lastUsed = now;
        }
    }

    private KeyRateLimiter(ProxyManager<String> shared, LongSupplier nanoClock) {
        this.shared = shared;
        this.local = shared != null ? null : new ConcurrentHashMap<>();
        this.nanoClock = nanoClock;
        this.nextSweep = new AtomicLong(nanoClock.getAsLong() + SWEEP_EVERY_NANOS);
    }

    private KeyRateLimiter(ProxyManager<String> shared) { this(shared, System::nanoTime); }

    /** In-memory buckets on the given clock (tests of the idle sweep). */
    static KeyRateLimiter inMemory(LongSupplier nanoClock) { return new KeyRateLimiter(null, nanoClock); }

    /** Buckets in this process only (H2, tests, benchmarks). */
    static KeyRateLimiter inMemory() { return new KeyRateLimiter(null); }

    static KeyRateLimiter postgres(DataSource ds) {
        return new KeyRateLimiter(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(ds).primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(MariaDbBuckets.TABLE).idColumn("id").stateColumn("state").build());
    }

    static KeyRateLimiter mariadb(DataSource ds) { return new KeyRateLimiter(new MariaDbBuckets(ds)); }

    /** Shared buckets on PostgreSQL and MariaDB/MySQL (several instances may share those), in memory on H2. */
    static KeyRateLimiter forDatabase(dev.latchkey.db.Database db) {
        String product;
        try {
            product = db.<String, java.sql.SQLException>withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName())
                    .toLowerCase(java.util.Locale.ROOT);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot tell which database rate limits run on", e);
        }
        if (product.contains("postgres")) return postgres(db.dataSource());
        if (product.contains("mariadb") || product.contains("mysql")) return mariadb(db.dataSource());
        return inMemory();
    }

    /** Whether buckets are shared by every instance on the database (README: per key across instances). */
    boolean sharedAcrossInstances() { return shared != null; }

    static String bucketId(long keyRowId, KeyRestrictions.RateLimit limit) {
        return keyRowId + ":" + limit.requests() + "/" + limit.perSeconds();
    }

    /** The prefix of every bucket id of one key, to drop them when its limit changes or it is deleted. */
    static String bucketPrefix(long keyRowId) { return keyRowId + ":"; }

    /** Takes one token from the key's bucket if there is one. */
    Probe consume(String bucketId, KeyRestrictions.RateLimit limit) {
        Bucket bucket = shared != null ? shared.getProxy(bucketId, () -> configuration(limit)) : localBucket(bucketId, limit);
        ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
        long reset = seconds(p.getNanosToWaitForReset());
        return p.isConsumed() ? new Probe(true, limit.requests(), p.getRemainingTokens(), reset, 0)
                : new Probe(false, limit.requests(), 0, reset, Math.max(1, seconds(p.getNanosToWaitForRefill())));
    }

    private Bucket localBucket(String bucketId, KeyRestrictions.RateLimit limit) {
        long now = nanoClock.getAsLong();
        LocalBucket b = local.get(bucketId);
        if (b == null) b = local.computeIfAbsent(bucketId, id -> new LocalBucket(limit, now));
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

    private static BucketConfiguration configuration(KeyRestrictions.RateLimit limit) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
    }

    private static Bandwidth bandwidth(KeyRestrictions.RateLimit limit) {
        return Bandwidth.builder().capacity(limit.requests())
                .refillIntervally(limit.requests(), Duration.ofSeconds(limit.perSeconds())).build();
    }

    private static long seconds(long nanos) { return (nanos + 999_999_999L) / 1_000_000_000L; }
}
