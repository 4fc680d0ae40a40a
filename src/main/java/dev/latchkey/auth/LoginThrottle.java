package dev.latchkey.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Metabase's login throttle: after `threshold` failures for one key within an hour, the next attempt must wait
 * 15 s × (n + 1 − threshold)^1.5 from the last failure. Only failures (and refused attempts) are recorded.
 */
final class LoginThrottle {
    private static final long TTL_MS = Duration.ofHours(1).toMillis();
    private static final long INITIAL_DELAY_MS = 15_000;

    private final int threshold;
    private final LongSupplier clock;
    private final Cache<String, Deque<Long>> failures = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1)).maximumSize(100_000).build();

    LoginThrottle(int threshold, LongSupplier clock) {
        this.threshold = threshold;
        this.clock = clock;
    }

    /** Milliseconds the caller must still wait, or 0. */
    long waitMillis(String key) {
        Deque<Long> times = failures.getIfPresent(key);
        if (times == null) return 0;
        synchronized (times) {
            long now = clock.getAsLong();
            while (!times.isEmpty() && times.peekFirst() < now - TTL_MS) times.pollFirst();
            int n = times.size();
            if (n < threshold) return 0;
            long until = times.peekLast() + (long) (INITIAL_DELAY_MS * Math.pow(n + 1 - threshold, 1.5));
            return Math.max(0, until - now);
        }
    }

    void recordFailure(String key) {
        Deque<Long> times = failures.get(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.getAsLong());
            if (times.size() > 1000) times.pollFirst();
        }
    }
}
