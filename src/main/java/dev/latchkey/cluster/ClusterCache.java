package dev.latchkey.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A read-through cache whose invalidation story holds across instances: its owner maps each {@link Invalidation}
 * to the entries it affects; {@link Invalidation.All} (a resync) always empties it; an entry is used only while
 * {@link Invalidations#isFresh} says so; and every entry is reloaded {@value Invalidations#MAX_AGE_SECONDS} s after
 * loading at the latest (the bound for changes made outside Latchkey).
 * <p>
 * A load that overlaps an invalidation is not kept: loads re-check an invalidation counter after storing, so a row
 * read before a commit cannot outlive the invalidation that follows it.
 */
public final class ClusterCache<K, V> {
    private record Stamped<V>(V value, long loadedAt) {}

    private final Invalidations invalidations;
    private final Cache<K, Stamped<V>> cache;
    private final AtomicLong invalidationCount = new AtomicLong();

    /** {@code onInvalidation} calls {@link #invalidate} / {@link #invalidateIf} for the entries a change affects. */
    public ClusterCache(Invalidations invalidations, long maxEntries, BiConsumer<Invalidation, ClusterCache<K, V>> onInvalidation) {
        this.invalidations = invalidations;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries)
                .expireAfterWrite(Duration.ofSeconds(Invalidations.MAX_AGE_SECONDS)).build();
        invalidations.subscribe(inv -> {
            if (inv instanceof Invalidation.All) invalidateAll();
            else onInvalidation.accept(inv, this);
        });
    }

    /** The cached value, or the loader's (kept unless null or overtaken by an invalidation). */
    public V get(K key, Function<K, V> loader) {
        Stamped<V> s = cache.getIfPresent(key);
        if (s != null && invalidations.isFresh(s.loadedAt())) return s.value();
        long loadedAt = System.nanoTime();
        long before = invalidationCount.get();
        V value = loader.apply(key);
        if (value == null) return null;
        cache.put(key, new Stamped<>(value, loadedAt));
        if (invalidationCount.get() != before) cache.invalidate(key);
        return value;
    }

    public void invalidate(K key) {
        invalidationCount.incrementAndGet();
        cache.invalidate(key);
    }

    /** Drops every entry matching the predicate (a scan: for invalidations by something other than the key). */
    public void invalidateIf(BiPredicate<K, V> matches) {
        invalidationCount.incrementAndGet();
        cache.asMap().entrySet().removeIf(e -> matches.test(e.getKey(), e.getValue().value()));
    }

    public void invalidateAll() {
        invalidationCount.incrementAndGet();
        cache.invalidateAll();
    }
}
