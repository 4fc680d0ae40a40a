package dev.latchkey.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Metabase's login throttle: after `threshold` failures for one key within an hour, the next attempt must wait
 * 15 s × (n + 1 − threshold)^1.5 from the last failure, at most {@value #MAX_WAIT_MS} ms. Only checked passwords
 * that failed are recorded: an attempt the throttle refused checks nothing and so cannot extend the wait (it
 * did in Metabase's scheme, and behind a proxy that locked everyone out for hours).
 */
public final class LoginThrottle {
    private static final long TTL_MS = Duration.ofHours(1).toMillis();
    private static final long INITIAL_DELAY_MS = 15_000;
    /** The longest wait the throttle ever asks for. */
    public static final long MAX_WAIT_MS = 300_000;

    private final int threshold;
    private final LongSupplier clock;
    private final Cache<String, Deque<Long>> failures = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1)).maximumSize(100_000).build();

    public LoginThrottle(int threshold, LongSupplier clock) {
        this.threshold = threshold;
        this.clock = clock;
    }

    /** Metabase's wording for a refused attempt. */
    public static String message(long waitMillis) {
        return "Too many attempts! You must wait " + Math.round(waitMillis / 1000.0) + " seconds before trying again.";
    }

    /** Milliseconds the caller must still wait, or 0. */
    public long waitMillis(String key) {
        Deque<Long> times = failures.getIfPresent(key);
        if (times == null) return 0;
        synchronized (times) {
            long now = clock.getAsLong();
            while (!times.isEmpty() && times.peekFirst() < now - TTL_MS) times.pollFirst();
            int n = times.size();
            if (n < threshold) return 0;
            long delay = Math.min(MAX_WAIT_MS, (long) (INITIAL_DELAY_MS * Math.pow(n + 1 - threshold, 1.5)));
            long until = times.peekLast() + delay;
            return Math.max(0, until - now);
        }
    }

    public void recordFailure(String key) {
        Deque<Long> times = failures.get(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.getAsLong());
            if (times.size() > 1000) times.pollFirst();
        }
    }
}
