package dev.latchkey.apikeys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/**
 * Key ids the database said it does not have (or whose user is inactive), so a client sending well-formed
 * unknown keys costs one query per id, not one per request. Its own bounded cache: a flood of unknown ids evicts
 * only other unknown ids, never a real key's entry. Forgotten when a key with that id is created or changed
 * (ApiKeyAuthenticator.evict) and after {@value #EXPIRY_SECONDS} s, the same staleness bound as the key cache
 * for a key created by another instance.
 */
final class UnknownKeyIds {
    static final int MAX_ENTRIES = 100_000;
    static final int EXPIRY_SECONDS = ApiKeyAuthenticator.EXPIRY_SECONDS;

    private final Cache<String, Boolean> ids = Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES).expireAfterWrite(Duration.ofSeconds(EXPIRY_SECONDS)).build();

    boolean contains(String keyId) { return ids.getIfPresent(keyId) != null; }

    void add(String keyId) { ids.put(keyId, Boolean.TRUE); }

    void forget(String keyId) { ids.invalidate(keyId); }

    void forgetAll() { ids.invalidateAll(); }

    long size() {
        ids.cleanUp();
        return ids.estimatedSize();
    }
}
