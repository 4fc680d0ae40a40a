package dev.latchkey.apikeys;

import dev.latchkey.db.Database;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * The retention sweep (issue 13), run every {@value #EVERY_MINUTES} minutes on the key-usage thread and by any instance
 * (deletes are idempotent). It deletes only what can no longer change an answer:
 * <ul>
 *   <li>api_key_usage rows older than {@value #USAGE_DAYS} UTC days (today included), more than
 *       {@code GET /api/api-key/:id/usage?days=} can ask for ({@value KeyUsage#MAX_DAYS}); each key's latest row is
 *       kept whatever its age, since it holds the key's last_used_at;</li>
 *   <li>api_key_rate_bucket rows whose bucket has been full again for {@value #BUCKET_MARGIN_MS} ms (a full bucket is
 *       the same as a new one, {@link KeyRateLimiter}; the margin covers clock differences between instances).</li>
 * </ul>
 * Time is the app's clock.
 */
final class KeyRetention {
    static final int USAGE_DAYS = 400;
    static final long BUCKET_MARGIN_MS = 10 * 60_000L;
    static final long EVERY_MINUTES = 60;

    private final Database db;
    private final KeyUsageRepository usage;
    private final ApiKeyRepository keys;
    private final Clock clock;

    KeyRetention(Database db, KeyUsageRepository usage, ApiKeyRepository keys, Clock clock) {
        this.db = db;
        this.usage = usage;
        this.keys = keys;
        this.clock = clock;
    }

    /** One sweep: how many usage rows and bucket rows went. */
    ApiKeyService.Swept sweep() {
        long now = clock.millis();
        int firstKept = UsageRecorder.day(now) - USAGE_DAYS + 1;
        int usageRows = db.inTransaction(h -> {
            Map<Long, Integer> bounds = new TreeMap<>(); // key order, as the usage flush writes
            for (KeyUsageRepository.Oldest o : usage.keysWithRowsBefore(h, firstKept)) {
                bounds.put(o.keyId(), Math.min(firstKept, o.latestDay()));
            }
            return usage.deleteBefore(h, bounds);
        });
        int bucketRows = db.inTransaction(h -> keys.deleteFullRateBuckets(h, now - BUCKET_MARGIN_MS));
        return new ApiKeyService.Swept(usageRows, bucketRows);
    }
}
