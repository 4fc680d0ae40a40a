package dev.latchkey.apikeys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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

/**
 * Per-key rate limits with Bucket4j: a bucket of {@code requests} tokens refilled all at once every
 * {@code per_seconds} (so at most {@code requests} requests in each window, exactly, also under concurrency).
 * <ul>
 *   <li>PostgreSQL and MariaDB: one bucket per key in api_key_rate_bucket, shared by every instance on the database
 *       (Bucket4j's SELECT ... FOR UPDATE proxy managers; PostgreSQL's from bucket4j_jdk17-postgresql,
 *       MariaDB's in {@link MariaDbBuckets}). A limited request costs one short transaction.</li>
 *   <li>H2 (single instance): buckets in memory, dropped {@code per_seconds} after their last use (a bucket idle
 *       that long is full again anyway).</li>
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

    private final ProxyManager<String> shared;
    private final Cache<String, Bucket> local;

    private KeyRateLimiter(ProxyManager<String> shared) {
        this.shared = shared;
        this.local = shared != null ? null : Caffeine.newBuilder().maximumSize(200_000)
                .expireAfter(Expiry.accessing((String id, Bucket b) -> Duration.ofSeconds(perSecondsOf(id)))).build();
    }

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
        Bucket bucket = shared != null ? shared.getProxy(bucketId, () -> configuration(limit))
                : local.get(bucketId, id -> Bucket.builder().addLimit(bandwidth(limit)).build());
        ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
        long reset = seconds(p.getNanosToWaitForReset());
        return p.isConsumed() ? new Probe(true, limit.requests(), p.getRemainingTokens(), reset, 0)
                : new Probe(false, limit.requests(), 0, reset, Math.max(1, seconds(p.getNanosToWaitForRefill())));
    }

    private static BucketConfiguration configuration(KeyRestrictions.RateLimit limit) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
    }

    private static Bandwidth bandwidth(KeyRestrictions.RateLimit limit) {
        return Bandwidth.builder().capacity(limit.requests())
                .refillIntervally(limit.requests(), Duration.ofSeconds(limit.perSeconds())).build();
    }

    private static long seconds(long nanos) { return (nanos + 999_999_999L) / 1_000_000_000L; }

    private static long perSecondsOf(String bucketId) {
        return Long.parseLong(bucketId.substring(bucketId.indexOf('/') + 1));
    }
}
