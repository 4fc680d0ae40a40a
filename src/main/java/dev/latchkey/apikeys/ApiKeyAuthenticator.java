package dev.latchkey.apikeys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.auth.Actor;
import dev.latchkey.auth.AuthListener;
import dev.latchkey.auth.Authenticator;
import dev.latchkey.auth.Credentials;
import dev.latchkey.auth.UserEvents;
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
 *   <li>Every change to a key or its user evicts before the write request returns ({@link #evict} and
 *       {@link UserEvents}, both before and after commit). A load that raced with an eviction is not kept:
 *       loads re-check an eviction counter after storing, so a stale row read before a commit cannot
 *       outlive it.</li>
 *   <li>Entries expire {@value #EXPIRY_SECONDS} s after loading: the staleness bound for changes made by
 *       another Latchkey instance sharing the database.</li>
 * </ul>
 */
public final class ApiKeyAuthenticator implements Authenticator {
    public static final int EXPIRY_SECONDS = 10;
    static final int MAX_ENTRIES = 200_000;

    /**
     * A cache entry: the digest to compare with and the principal, or "no such key" (actor == null). Compared
     * by identity, so the user index only ever drops its own entry.
     */
    private static final class Entry {
        final String keyId;
        final byte[] digest;
        final Actor actor;

        Entry(String keyId, byte[] digest, Actor actor) {
            this.keyId = keyId;
            this.digest = digest;
            this.actor = actor;
        }
    }

    private static final byte[] DUMMY_DIGEST = ApiKeySecrets.digest("latchkey-dummy-secret-for-unknown-keys");

    private final Database db;
    private final ApiKeyRepository repo;
    private final Cache<String, Entry> cache;
    /** user id → its cached entry, so a user event can find the key id to evict. */
    private final Map<Long, Entry> entryByUser = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private final AuthListener listener;

    ApiKeyAuthenticator(Database db, ApiKeyRepository repo, UserEvents events, AuthListener listener) {
        this.db = db;
        this.repo = repo;
        this.listener = listener;
        this.cache = Caffeine.newBuilder()
                .recordStats()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(Duration.ofSeconds(EXPIRY_SECONDS))
                .evictionListener((String keyId, Entry e, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (e != null && e.actor != null) entryByUser.remove(e.actor.userId(), e);
                })
                .build();
        events.subscribe(this::evictUser);
    }

    @Override
    public Optional<Actor> authenticate(Credentials credentials) {
        ApiKeySecrets.Parsed key = ApiKeySecrets.parse(credentials.apiKey());
        if (key == null) {
            listener.attempted(AuthListener.Method.KEY, AuthListener.Outcome.UNKNOWN);
            return Optional.empty();
        }
        Entry entry = cache.getIfPresent(key.keyId());
        if (entry == null) entry = load(key.keyId());
        byte[] presented = ApiKeySecrets.digest(key.secret());
        boolean match = MessageDigest.isEqual(presented, entry.digest);
        listener.attempted(AuthListener.Method.KEY, entry.actor == null ? AuthListener.Outcome.UNKNOWN
                : match ? AuthListener.Outcome.OK : AuthListener.Outcome.WRONG_SECRET);
        return match && entry.actor != null ? Optional.of(entry.actor) : Optional.empty();
    }

    /** Size and cumulative hits and misses of the key cache, for metrics. */
    ApiKeyService.CacheStats stats() {
        var stats = cache.stats();
        return new ApiKeyService.CacheStats(cache.estimatedSize(), stats.hitCount(), stats.missCount());
    }

    /** Evicts key ids now and again after the caller's transaction commits. */
    void evict(Handle h, String... keyIds) {
        evictKeys(keyIds);
        h.afterCommit(() -> evictKeys(keyIds));
    }

    private Entry load(String keyId) {
        long before = evictions.get();
        Entry entry = db.withHandle(h -> repo.findActiveByKeyId(h, keyId))
                .map(s -> new Entry(keyId, HexFormat.of().parseHex(s.secretHashHex()),
                        new Actor(s.userId(), s.superuser(), Actor.Via.API_KEY)))
                .orElseGet(() -> new Entry(keyId, DUMMY_DIGEST, null));
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

    private void evictUser(long userId) {
        evictions.incrementAndGet();
        Entry entry = entryByUser.remove(userId);
        if (entry != null) cache.invalidate(entry.keyId);
    }
}
