package dev.latchkey.apikeys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.auth.Actor;
import dev.latchkey.auth.Authenticator;
import dev.latchkey.auth.Credentials;
import dev.latchkey.auth.UserEvents;
import dev.latchkey.cluster.Invalidation;
import dev.latchkey.cluster.Invalidations;
import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * X-API-Key authentication. Hot path: parse and checksum → cache lookup by key id → SHA-256 of the secret →
 * constant-time compare → Actor. The cache holds key ids, user ids and digests, never a plaintext key.
 * <p>
 * Invariants:
 * <ul>
 *   <li>Unknown key ids and wrong secrets take the same path: an unknown id is remembered as a "no such key"
 *       entry and compared against a dummy digest, so body and timing do not tell them apart.</li>
 *   <li>Every change to a key or its user is published through {@link Invalidations} ({@link #evict} and
 *       {@link UserEvents}): evicted here before and after commit, and on every other instance sharing the database
 *       within 1 s. A load that raced with an eviction is not kept: loads re-check an eviction counter after
 *       storing, so a stale row read before a commit cannot outlive it.</li>
 *   <li>An entry is used only while {@link Invalidations#isFresh} trusts it: {@value Invalidations#FALLBACK_TTL_MS}
 *       ms when this instance's invalidation channel is down. Entries also expire {@value #EXPIRY_SECONDS} s after
 *       loading: the bound for changes made outside Latchkey.</li>
 * </ul>
 */
public final class ApiKeyAuthenticator implements Authenticator {
    public static final int EXPIRY_SECONDS = (int) Invalidations.MAX_AGE_SECONDS;
    static final int MAX_ENTRIES = 200_000;

    /**
     * A cache entry: the digest to compare with and the principal, or "no such key" (actor == null). Compared
     * by identity, so the user index only ever drops its own entry.
     */
    private static final class Entry {
        final String keyId;
        final byte[] digest;
        final Actor actor;
        /** System.nanoTime before the database read. */
        final long loadedAt;

        Entry(String keyId, byte[] digest, Actor actor, long loadedAt) {
            this.keyId = keyId;
            this.digest = digest;
            this.actor = actor;
            this.loadedAt = loadedAt;
        }
    }

    private static final byte[] DUMMY_DIGEST = ApiKeySecrets.digest("latchkey-dummy-secret-for-unknown-keys");

    private final Database db;
    private final ApiKeyRepository repo;
    private final Cache<String, Entry> cache;
    /** user id → its cached entry, so a user event can find the key id to evict. */
    private final Map<Long, Entry> entryByUser = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private final Invalidations invalidations;

    ApiKeyAuthenticator(Database db, ApiKeyRepository repo, UserEvents events) {
        this.db = db;
        this.repo = repo;
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(Duration.ofSeconds(EXPIRY_SECONDS))
                .evictionListener((String keyId, Entry e, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (e != null && e.actor != null) entryByUser.remove(e.actor.userId(), e);
                })
                .build();
        this.invalidations = events.invalidations();
        invalidations.subscribe(inv -> {
            if (inv instanceof Invalidation.Key k) evictKeys(k.keyId());
            else if (inv instanceof Invalidation.User u) evictUser(u.id());
            else if (inv instanceof Invalidation.All) evictAll();
        });
    }

    @Override
    public Optional<Actor> authenticate(Credentials credentials) {
        ApiKeySecrets.Parsed key = ApiKeySecrets.parse(credentials.apiKey());
        if (key == null) return Optional.empty();
        Entry entry = cache.getIfPresent(key.keyId());
        if (entry == null || !invalidations.isFresh(entry.loadedAt)) entry = load(key.keyId());
        byte[] presented = ApiKeySecrets.digest(key.secret());
        boolean match = MessageDigest.isEqual(presented, entry.digest);
        return match && entry.actor != null ? Optional.of(entry.actor) : Optional.empty();
    }

    /** Evicts key ids now and again after the caller's transaction commits, here and on every other instance. */
    void evict(Handle h, String... keyIds) {
        Invalidation[] all = new Invalidation[keyIds.length];
        for (int i = 0; i < keyIds.length; i++) all[i] = Invalidation.key(keyIds[i]);
        invalidations.publish(h, all);
    }

    private Entry load(String keyId) {
        long before = evictions.get();
        long loadedAt = System.nanoTime();
        Entry entry = db.withHandle(h -> repo.findActiveByKeyId(h, keyId))
                .map(s -> new Entry(keyId, HexFormat.of().parseHex(s.secretHashHex()),
                        new Actor(s.userId(), s.superuser(), Actor.Via.API_KEY), loadedAt))
                .orElseGet(() -> new Entry(keyId, DUMMY_DIGEST, null, loadedAt));
        cache.put(keyId, entry);
        if (entry.actor != null) entryByUser.put(entry.actor.userId(), entry);
        // An eviction that ran while we were loading may have missed our entry: drop it rather than keep stale rights.
        if (evictions.get() != before) cache.invalidate(keyId);
        return entry;
    }

    private void evictKeys(String... keyIds) {
        evictions.incrementAndGet();
        for (String id : keyIds) cache.invalidate(id);
    }

    private void evictAll() {
        evictions.incrementAndGet();
        cache.invalidateAll();
        entryByUser.clear();
    }

    private void evictUser(long userId) {
        evictions.incrementAndGet();
        Entry entry = entryByUser.remove(userId);
        if (entry != null) cache.invalidate(entry.keyId);
    }
}
