package dev.latchkey.apikeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory buckets (H2): exact counting, and the sweep that drops only buckets idle for a whole period. */
class KeyRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final KeyRateLimiter limiter = KeyRateLimiter.inMemory(now::get);

    @Test
    void countsExactlyAndRefusesWithRetryAfter() {
        KeyRestrictions.RateLimit limit = new KeyRestrictions.RateLimit(2, 3600);
        String id = KeyRateLimiter.bucketId(7, limit);
        assertThat(limiter.consume(id, limit).remaining()).isEqualTo(1);
        assertThat(limiter.consume(id, limit).remaining()).isZero();
        KeyRateLimiter.Probe refused = limiter.consume(id, limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 3600L);
        assertThat(refused.headers()).containsKeys("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");
    }

    @Test
    void sweepDropsOnlyBucketsIdleForTheirWholePeriod() {
        KeyRestrictions.RateLimit perSecond = new KeyRestrictions.RateLimit(1, 1);
        KeyRestrictions.RateLimit perHour = new KeyRestrictions.RateLimit(1, 3600);
        KeyRestrictions.RateLimit perMinute = new KeyRestrictions.RateLimit(5, 60);
        limiter.consume(KeyRateLimiter.bucketId(1, perSecond), perSecond);
        limiter.consume(KeyRateLimiter.bucketId(2, perHour), perHour);
        assertThat(limiter.localBuckets()).isEqualTo(2);

        now.addAndGet(Duration.ofSeconds(61).toNanos()); // the sweep is due; key 1 idle 61 s ≥ 1 s, key 2 idle < 1 h
        String inUse = KeyRateLimiter.bucketId(3, perMinute);
        limiter.consume(inUse, perMinute);
        assertThat(limiter.localBuckets()).isEqualTo(2); // key 2 kept (not full again yet), key 3 just used

        // The bucket a request is using is never the one swept: its use counts before the sweep looks.
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(limiter.consume(inUse, perMinute).remaining()).isEqualTo(3);
        assertThat(limiter.localBuckets()).isEqualTo(2);
    }
}
