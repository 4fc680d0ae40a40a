package dev.latchkey.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.core.AppError;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Failed X-API-Key attempts per client address (well-formed keys only: a malformed one is refused without any
 * lookup, and cannot be a real key): once a client has failed {@value #THRESHOLD} times within
 * {@value #WINDOW_SECONDS} s, its API-key requests get 429 with Retry-After (no lookup, no hash) until the oldest
 * of those failures leaves the window. Other clients are not affected, valid keys included. Bounded: at most
 * {@value #MAX_CLIENTS} addresses are tracked (least recently used dropped first), each with at most
 * THRESHOLD timestamps.
 */
public final class FailedKeyThrottle {
    public static final int THRESHOLD = 30;
    public static final int WINDOW_SECONDS = 60;
    static final int MAX_CLIENTS = 100_000;
    private static final long WINDOW_MS = WINDOW_SECONDS * 1000L;

    private final LongSupplier clock;
    private final Cache<String, Deque<Long>> failures = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofSeconds(WINDOW_SECONDS)).maximumSize(MAX_CLIENTS).build();

    public FailedKeyThrottle(LongSupplier clock) { this.clock = clock; }

    /** 429 when the client is over the threshold; nothing otherwise. A null client (no address) is never throttled. */
    public void check(String client) {
        if (client == null) return;
        Deque<Long> times = failures.getIfPresent(client);
        if (times == null) return;
        long retryAfterMs;
        synchronized (times) {
            long now = clock.getAsLong();
            while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MS) times.pollFirst();
            if (times.size() < THRESHOLD) return;
            retryAfterMs = times.peekFirst() + WINDOW_MS - now;
        }
        long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
        throw AppError.tooManyRequests(null, "Too many failed API key attempts. Retry after " + seconds + " seconds.", seconds);
    }

    public void recordFailure(String client) {
        if (client == null) return;
        Deque<Long> times = failures.get(client, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.getAsLong());
            while (times.size() > THRESHOLD) times.pollFirst();
        }
    }
}
