package dev.latchkey.permissions;

import dev.latchkey.core.AppError;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one caller may do with collections, computed fresh for each request: the union of the rights of all
 * the caller's groups (All Users included), write everywhere for superusers, and write on the caller's own
 * personal collection tree. The same for a session and an API key, because both resolve to a user.
 *
 * A collection is identified by its id and location ("/" or "/4/9/"); a null id is the root collection.
 */
public final class Rights {
    /** The collection_id that stands for the root collection in permission rows and the graph. */
    public static final long ROOT = 0L;

    private final long userId;
    private final boolean superuser;
    private final Long personalCollectionId;
    private final Map<Long, Level> granted;

    public Rights(long userId, boolean superuser, Long personalCollectionId, Map<Long, Level> granted) {
        this.userId = userId;
        this.superuser = superuser;
        this.personalCollectionId = personalCollectionId;
        this.granted = Map.copyOf(granted);
    }

    public long userId() { return userId; }

    public boolean superuser() { return superuser; }

    /** The caller's own personal collection, or null (API-key users have none). */
    public Long personalCollectionId() { return personalCollectionId; }

    public Level root() { return superuser ? Level.WRITE : granted.getOrDefault(ROOT, Level.NONE); }

    public Level of(Long collectionId, String location) {
        if (collectionId == null) return root();
        if (superuser || inOwnPersonalTree(collectionId, location)) return Level.WRITE;
        return granted.getOrDefault(collectionId, Level.NONE);
    }

    public boolean canRead(Long collectionId, String location) { return of(collectionId, location).canRead(); }

    public boolean canWrite(Long collectionId, String location) { return of(collectionId, location).canWrite(); }

    /** 403 unless the caller may read the collection. */
    public void requireRead(Long collectionId, String location) {
        if (!canRead(collectionId, location)) throw AppError.forbidden();
    }

    /** 403 unless the caller may write in the collection. */
    public void requireWrite(Long collectionId, String location) {
        if (!canWrite(collectionId, location)) throw AppError.forbidden();
    }

    /** Ids of ordinary collections the caller's groups may read (root excluded), for narrowing queries. */
    public Set<Long> grantedReadable() {
        return granted.entrySet().stream().filter(e -> e.getKey() != ROOT && e.getValue().canRead())
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    public boolean inOwnPersonalTree(long collectionId, String location) {
        if (personalCollectionId == null) return false;
        return Locations.topLevelId(collectionId, location) == personalCollectionId;
    }
}
