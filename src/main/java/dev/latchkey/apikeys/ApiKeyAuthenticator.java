package dev.latchkey.apikeys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.core.Actor;
import dev.latchkey.auth.AuthListener;
import dev.latchkey.core.Authenticator;
import dev.latchkey.core.Credentials;
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
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * X-API-Key authentication. Hot path: parse and checksum → cache lookup by key id → SHA-256 of the secret →
 * constant-time compare → Actor. The cache holds key ids, user ids and digests, never a plaintext key.
 * <p>
 * Invariants:
 * <ul>
 *   <li>Unknown key ids and wrong secrets do the same work: on a cache miss the lookup returns one row either
 *       way (empty columns for an unknown id), which is mapped, hex-decoded and cached alike, and the presented
 *       secret is hashed and compared against a digest (a dummy one for an unknown id), so body and timing do not
 *       tell them apart. Unknown ids are remembered in {@link UnknownKeyIds}, a cache of their own, so they cost
 *       one query per id and cannot push real keys out of this cache.</li>
 *   <li>Every change to a key or its user is published through {@link Invalidations} ({@link #evict} and
 *       {@link UserEvents}): evicted here before and after commit, and on every other instance sharing the database
 *       within 1 s. A load that raced with an eviction is not kept: loads re-check an eviction counter after
 *       storing, so a stale row read before a commit cannot outlive it.</li>
 *   <li>An entry is used only while {@link Invalidations#isFresh} trusts it: {@value Invalidations#FALLBACK_TTL_MS}
 *       ms when this instance's invalidation channel is down. Entries also expire {@value #EXPIRY_SECONDS} s after
 *       loading: the bound for changes made outside Latchkey.</li>
 *   <li>A key's expires_at (and a replaced secret's end of grace) is in its entry and compared with the app's clock
 *       on every use, cache hit or not, so the moment of expiry is exact on every instance. An expired key is refused
 *       as an unknown one is (the same 401), after the same work.</li>
 *   <li>During a regenerate's grace window the replaced key id is looked up too ({@link ApiKeyRepository#lookupByKeyId}):
 *       its entry holds the replaced secret's digest and the window's end.</li>
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
        /** The key's own user (for a personal key not the actor, who is its owner). */
        final long keyUserId;
        /** System.nanoTime before the database read. */
        final long loadedAt;
        /** Epoch ms (app clock) from which this key id authenticates nothing; Long.MAX_VALUE = never. */
        final long expiresAt;

        Entry(String keyId, byte[] digest, Actor actor, long keyUserId, long loadedAt, long expiresAt) {
            this.keyId = keyId;
            this.digest = digest;
            this.actor = actor;
            this.keyUserId = keyUserId;
            this.loadedAt = loadedAt;
            this.expiresAt = expiresAt;
        }
    }

    private static final byte[] DUMMY_DIGEST = ApiKeySecrets.digest("latchkey-dummy-secret-for-unknown-keys");
    private static final String DUMMY_HEX = HexFormat.of().formatHex(DUMMY_DIGEST);
    private static final Entry NO_SUCH_KEY = new Entry("", DUMMY_DIGEST, null, 0, 0, Long.MAX_VALUE);

    private final Database db;
    private final ApiKeyRepository repo;
    private final Cache<String, Entry> cache;
    /**
     * user id → its cached entries, so a user event can find the key ids to evict: each entry under its key's user and
     * under the user it acts as (a personal key's owner, who may have several keys; a key has two key ids while a
     * regenerate's grace window is open).
     */
    private final Map<Long, Set<Entry>> entriesByUser = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private final UnknownKeyIds unknown = new UnknownKeyIds();
    private final AtomicLong loads = new AtomicLong();
    private final Invalidations invalidations;
    private final AuthListener listener;
    private final LongSupplier clock;
    private final UsageRecorder usage;
    private final KeyRateLimiter limiter;
    private final BooleanSupplier personalKeysEnabled;

    ApiKeyAuthenticator(Database db, ApiKeyRepository repo, UserEvents events, AuthListener listener, LongSupplier clock,
                        UsageRecorder usage, KeyRateLimiter limiter, BooleanSupplier personalKeysEnabled) {
        this.db = db;
        this.repo = repo;
        this.listener = listener;
        this.clock = clock;
        this.usage = usage;
        this.limiter = limiter;
        this.personalKeysEnabled = personalKeysEnabled;
        this.cache = Caffeine.newBuilder()
                .recordStats()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(Duration.ofSeconds(EXPIRY_SECONDS))
                .removalListener((String keyId, Entry e, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (e != null && e.actor != null) unindex(e);
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
        if (key == null) {
            listener.attempted(AuthListener.Method.KEY, AuthListener.Outcome.UNKNOWN);
            return Optional.empty();
        }
        Entry entry = unknown.contains(key.keyId()) ? NO_SUCH_KEY : cache.getIfPresent(key.keyId());
        // Unknown ids keep their own bound (UnknownKeyIds); a known key's entry must still be fresh.
        if (entry == null || (entry != NO_SUCH_KEY && !invalidations.isFresh(entry.loadedAt))) entry = load(key.keyId());
        byte[] presented = ApiKeySecrets.digest(key.secret());
        boolean match = MessageDigest.isEqual(presented, entry.digest);
        // Checked on every use against the app's clock, never cached: no instance serves a key past expires_at.
        boolean live = clock.getAsLong() < entry.expiresAt;
        AuthListener.Outcome outcome = entry.actor == null ? AuthListener.Outcome.UNKNOWN
                : !match ? AuthListener.Outcome.WRONG_SECRET : !live ? AuthListener.Outcome.EXPIRED : AuthListener.Outcome.OK;
        listener.attempted(AuthListener.Method.KEY, outcome);
        if (outcome != AuthListener.Outcome.OK) return Optional.empty();
        usage.requested(entry.actor.apiKeyId());
        return Optional.of(entry.actor);
    }

    /** Size and cumulative hits and misses of the key cache, for metrics. */
    ApiKeyService.CacheStats stats() {
        var stats = cache.stats();
        return new ApiKeyService.CacheStats(cache.estimatedSize(), stats.hitCount(), stats.missCount());
    }

    @Override
    public boolean wellFormed(Credentials credentials) { return ApiKeySecrets.parse(credentials.apiKey()) != null; }

    /** Evicts key ids now and again after the caller's transaction commits, here and on every other instance. */
    void evict(Handle h, String... keyIds) {
        Invalidation[] all = new Invalidation[keyIds.length];
        for (int i = 0; i < keyIds.length; i++) all[i] = Invalidation.key(keyIds[i]);
        invalidations.publish(h, all);
    }

    /** The cache miss: the same query, mapping and caching work whether or not the key id exists. */
    private Entry load(String keyId) {
        long before = evictions.get();
        loads.incrementAndGet();
        long loadedAt = System.nanoTime();
        ApiKeyRepository.Lookup found = db.withHandle(h -> repo.lookupByKeyId(h, keyId));
        // personal keys stop working while the setting is off (turning it on again evicts every entry)
        boolean exists = found.userId() != null && (!found.personal() || personalKeysEnabled.getAsBoolean());
        Entry entry = new Entry(keyId, HexFormat.of().parseHex(exists ? found.secretHashHex() : DUMMY_HEX),
                exists ? new Actor(found.userId(), found.superuser(), Actor.Via.API_KEY, found.id(), RestrictedKey.of(found.id(),
                        found.createdAt(), KeyRestrictions.fromJson(found.restrictions()), limiter)) : null, found.keyUserId(), loadedAt,
                exists ? found.expiresAt() : Long.MAX_VALUE);
        if (exists) {
            cache.put(keyId, entry);
            index(entry.actor.userId(), entry);
            index(entry.keyUserId, entry);
        } else {
            unknown.add(keyId);
        }
        // An eviction that ran while we were loading may have missed our entry: drop it rather than keep stale rights.
        if (evictions.get() != before) {
            cache.invalidate(keyId);
            unknown.forget(keyId);
        }
        return exists ? entry : NO_SUCH_KEY;
    }

    /** How many cache misses went to the database (for tests). */
    long loads() { return loads.get(); }

    /** How many unknown key ids are remembered now (for tests of its bound). */
    long unknownKeyIds() { return unknown.size(); }

    void evictKeys(String... keyIds) {
        evictions.incrementAndGet();
        for (String id : keyIds) {
            cache.invalidate(id);
            unknown.forget(id);
        }
    }

    private void evictAll() {
        evictions.incrementAndGet();
        cache.invalidateAll();
        unknown.forgetAll();
        entriesByUser.clear();
    }

    private void evictUser(long userId) {
        evictions.incrementAndGet();
        Set<Entry> entries = entriesByUser.remove(userId);
        if (entries != null) for (Entry e : entries) cache.invalidate(e.keyId);
    }

    private void index(long userId, Entry entry) {
        entriesByUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(entry);
    }

    /** Drops a removed entry from the user index (only that entry: a newer one for the same key id stays). */
    private void unindex(Entry e) {
        for (long userId : new long[] {e.actor.userId(), e.keyUserId}) {
            entriesByUser.computeIfPresent(userId, (u, set) -> {
                set.remove(e);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
