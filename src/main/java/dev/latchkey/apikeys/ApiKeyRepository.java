package dev.latchkey.apikeys;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** SQL for api_key (reading its updater's name from core_user). Decides nothing. */
final class ApiKeyRepository {
    private static final String ROW_SELECT = "SELECT k.id, k.user_id, k.name, k.key_id, k.created_at, k.updated_at, "
            + "k.updated_by_id, u.first_name AS ub_first, u.last_name AS ub_last, u.email AS ub_email, "
            + "k.restrictions, k.owner_id, o.first_name AS o_first, o.last_name AS o_last, o.email AS o_email, "
            + "k.revoked_at, k.revoked_reason, k.leak_url, k.leak_source, "
            + "k.expires_at, k.previous_key_id, k.previous_key_expires_at "
            + "FROM api_key k JOIN core_user u ON u.id = k.updated_by_id LEFT JOIN core_user o ON o.id = k.owner_id ";

    /**
     * A key row with its updater's names; never the digest. ownerId: the person a personal key acts as, else null;
     * revocation is null unless the key was revoked.
     */
    record Row(long id, long userId, String name, String keyId, long createdAt, long updatedAt, long updatedById,
               String updatedByFirst, String updatedByLast, String updatedByEmail, KeyRestrictions restrictions, Long ownerId,
               String ownerName, Revocation revocation, Long expiresAt, String previousKeyId, Long previousKeyExpiresAt) {}

    /** Why and when a key was revoked (reason "leaked": a secret-scanning report, with its URL and source). */
    record Revocation(long at, String reason, String url, String source) {}

    private static final RowMapper<Row> ROW = (rs, ctx) -> {
        long revokedAt = rs.getLong("revoked_at");
        Revocation revocation = rs.wasNull() ? null
                : new Revocation(revokedAt, rs.getString("revoked_reason"), rs.getString("leak_url"), rs.getString("leak_source"));
        return new Row(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"), rs.getString("key_id"),
                rs.getLong("created_at"), rs.getLong("updated_at"), rs.getLong("updated_by_id"), rs.getString("ub_first"),
                rs.getString("ub_last"), rs.getString("ub_email"),
                KeyRestrictions.fromJson(rs.getString("restrictions")), rs.getObject("owner_id") == null ? null : rs.getLong("owner_id"),
                commonName(rs.getString("o_first"), rs.getString("o_last"), rs.getString("o_email")), revocation,
                rs.getObject("expires_at", Long.class), rs.getString("previous_key_id"), rs.getObject("previous_key_expires_at", Long.class));
    };

    /** "First Last", or the email when both names are empty (Metabase's common_name). */
    static String commonName(String first, String last, String email) {
        String common = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return common.isEmpty() ? email : common;
    }

    long insert(Handle h, long userId, String name, String nameKey, String keyId, String secretHash, long actorId, long now,
                KeyRestrictions restrictions, Long ownerId) {
        return h.createUpdate("INSERT INTO api_key (user_id, name, name_hash, key_id, secret_hash, creator_id, updated_by_id, "
                        + "created_at, updated_at, restrictions, owner_id) "
                        + "VALUES (:user, :name, :nameKey, :keyId, :hash, :actor, :actor, :now, :now, :restrictions, :owner)")
                .bind("user", userId).bind("name", name).bind("nameKey", nameKey).bind("keyId", keyId)
                .bind("hash", secretHash).bind("actor", actorId).bind("now", now)
                .bind("restrictions", restrictions.toJson()).bind("owner", ownerId)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    void setExpiry(Handle h, long id, Long expiresAt, long actorId, long now) {
        h.createUpdate("UPDATE api_key SET expires_at = :expires, updated_by_id = :actor, updated_at = :now WHERE id = :id")
                .bind("expires", expiresAt).bind("actor", actorId).bind("now", now).bind("id", id).execute();
    }

    boolean keyIdTaken(Handle h, String keyId) {
        return h.createQuery("SELECT COUNT(*) FROM api_key WHERE key_id = :k").bind("k", keyId).mapTo(Long.class).one() > 0;
    }

    boolean nameTaken(Handle h, String nameKey) {
        return h.createQuery("SELECT COUNT(*) FROM api_key WHERE name_hash = :k").bind("k", nameKey).mapTo(Long.class).one() > 0;
    }

    Optional<Row> find(Handle h, long id) {
        return h.createQuery(ROW_SELECT + "WHERE k.id = :id").bind("id", id).map(ROW).findOne();
    }

    /** Locks the key row until the transaction ends, so concurrent changes to one key apply one after another. */
    Optional<Long> lock(Handle h, long id) {
        return h.createQuery("SELECT id FROM api_key WHERE id = :id FOR UPDATE").bind("id", id).mapTo(Long.class).findOne();
    }

    /** Group keys only (Metabase's list), or with every person's personal keys too. */
    List<Row> list(Handle h, boolean includePersonal) {
        return h.createQuery(ROW_SELECT + (includePersonal ? "" : "WHERE k.owner_id IS NULL ") + "ORDER BY k.id").map(ROW).list();
    }

    /** One person's personal keys. */
    List<Row> listOwnedBy(Handle h, long ownerId) {
        return h.createQuery(ROW_SELECT + "WHERE k.owner_id = :owner ORDER BY k.id").bind("owner", ownerId).map(ROW).list();
    }

    /** Group keys only, as Metabase counts them. */
    long count(Handle h) { return h.createQuery("SELECT COUNT(*) FROM api_key WHERE owner_id IS NULL").mapTo(Long.class).one(); }

    void setRestrictions(Handle h, long id, KeyRestrictions restrictions, long actorId, long now) {
        h.createUpdate("UPDATE api_key SET restrictions = :r, updated_by_id = :actor, updated_at = :now WHERE id = :id")
                .bind("r", restrictions.toJson()).bind("actor", actorId).bind("now", now).bind("id", id).execute();
    }

    /** Drops a key's shared rate-limit buckets (its limit changed or it is gone); the new limit starts full. */
    void deleteRateBuckets(Handle h, long id) {
        h.createUpdate("DELETE FROM " + MariaDbBuckets.TABLE + " WHERE id LIKE :prefix")
                .bind("prefix", KeyRateLimiter.bucketPrefix(id) + "%").execute();
    }

    /** Drops shared rate-limit buckets that were full again before {@code before} (epoch ms); answers how many went. */
    int deleteFullRateBuckets(Handle h, long before) {
        return h.createUpdate("DELETE FROM " + MariaDbBuckets.TABLE + " WHERE " + KeyRateLimiter.FULL_AT + " < :before")
                .bind("before", before).execute();
    }

    void rename(Handle h, long id, String name, String nameKey, long actorId, long now) {
        h.createUpdate("UPDATE api_key SET name = :name, name_hash = :nameKey, updated_by_id = :actor, updated_at = :now WHERE id = :id")
                .bind("name", name).bind("nameKey", nameKey).bind("actor", actorId).bind("now", now).bind("id", id).execute();
    }

    /**
     * A new key id and secret; a revocation ends with it, since the revoked (leaked) secret is gone. With
     * {@code graceUntil} non-null the replaced ones keep working until then (they become the previous key, ending any
     * older window); null ends every window now.
     */
    void replaceSecret(Handle h, long id, String keyId, String secretHash, long actorId, long now, Long graceUntil) {
        h.createUpdate("UPDATE api_key SET "
                        + (graceUntil == null ? "previous_key_id = NULL, previous_secret_hash = NULL, "
                                : "previous_key_id = key_id, previous_secret_hash = secret_hash, ")
                        + "previous_key_expires_at = :grace, key_id = :keyId, secret_hash = :hash, updated_by_id = :actor, "
                        + "updated_at = :now, revoked_at = NULL, revoked_reason = NULL, leak_url = NULL, leak_source = NULL "
                        + "WHERE id = :id")
                .bind("grace", graceUntil).bind("keyId", keyId).bind("hash", secretHash).bind("actor", actorId).bind("now", now)
                .bind("id", id).execute();
    }

    /**
     * A key found by a leak report, revoked or not: id, user, name, its current key id and digest, and the key id,
     * digest and end of a regenerate's grace window (null when none was opened).
     */
    record Reported(long id, long userId, String name, String keyId, String secretHashHex, boolean revoked,
                    String previousKeyId, String previousSecretHashHex, Long previousKeyExpiresAt) {}

    private static final String REPORTED_SELECT = "SELECT id, user_id, name, key_id, secret_hash, revoked_at, previous_key_id, "
            + "previous_secret_hash, previous_key_expires_at FROM api_key ";

    private static final RowMapper<Reported> REPORTED = (rs, ctx) -> new Reported(rs.getLong("id"), rs.getLong("user_id"),
            rs.getString("name"), rs.getString("key_id"), rs.getString("secret_hash"), rs.getObject("revoked_at") != null,
            rs.getString("previous_key_id"), rs.getString("previous_secret_hash"), rs.getObject("previous_key_expires_at", Long.class));

    /** The key with this public id, locked until the transaction ends; empty if none. */
    Optional<Reported> lockByKeyId(Handle h, String keyId) {
        return h.createQuery(REPORTED_SELECT + "WHERE key_id = :k FOR UPDATE").bind("k", keyId).map(REPORTED)
                .list().stream().filter(a -> a.keyId().equals(keyId)).findFirst();
    }

    /** The key whose grace window holds this replaced public id, locked until the transaction ends; empty if none. */
    Optional<Reported> lockByPreviousKeyId(Handle h, String keyId) {
        return h.createQuery(REPORTED_SELECT + "WHERE previous_key_id = :k FOR UPDATE").bind("k", keyId).map(REPORTED)
                .list().stream().filter(a -> keyId.equals(a.previousKeyId())).findFirst();
    }

    /** Marks the key revoked; a grace window's replaced secret ends with it (it is forgotten, as a regenerate forgets it). */
    void revoke(Handle h, long id, Revocation r) {
        h.createUpdate("UPDATE api_key SET revoked_at = :at, revoked_reason = :reason, leak_url = :url, leak_source = :source, "
                        + "previous_key_id = NULL, previous_secret_hash = NULL, previous_key_expires_at = NULL WHERE id = :id")
                .bind("at", r.at()).bind("reason", r.reason()).bind("url", r.url()).bind("source", r.source()).bind("id", id)
                .execute();
    }

    /** Ends a grace window now: the replaced key id and secret are forgotten, so no lookup can find them again. */
    void endGraceWindow(Handle h, long id) {
        h.createUpdate("UPDATE api_key SET previous_key_id = NULL, previous_secret_hash = NULL, previous_key_expires_at = NULL "
                + "WHERE id = :id").bind("id", id).execute();
    }

    /** A usable key (its user active, not revoked) by its public id: its row id and its user. */
    record Usable(long id, long userId) {}

    /**
     * A key that can authenticate and who it acts as: its own user, or a personal key's (active) owner; found by its
     * current key id or by the key id a regenerate's grace window replaced (whether the window is still open is the
     * authenticator's check, made before this is asked).
     */
    Optional<Usable> usable(Handle h, String keyId) {
        String select = "SELECT k.id, u.id AS acts_as, k.key_id AS found FROM api_key k "
                + "JOIN core_user u ON u.id = COALESCE(k.owner_id, k.user_id) AND u.is_active = TRUE "
                + "WHERE k.revoked_at IS NULL AND ";
        return h.createQuery(select + "k.key_id = :k UNION ALL " + select.replace("k.key_id AS found", "k.previous_key_id AS found")
                        + "k.previous_key_id = :k")
                .bind("k", keyId)
                .map((rs, ctx) -> keyId.equals(rs.getString("found")) ? new Usable(rs.getLong("id"), rs.getLong("acts_as")) : null)
                .list().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    void delete(Handle h, long id) { h.createUpdate("DELETE FROM api_key WHERE id = :id").bind("id", id).execute(); }

    /** Whether a user is active and an admin (who a key acts as, for its effective permissions). */
    record UserState(boolean active, boolean superuser) {}

    UserState userState(Handle h, long userId) {
        return h.createQuery("SELECT is_active, is_superuser FROM core_user WHERE id = :id").bind("id", userId)
                .map((rs, ctx) -> new UserState(rs.getBoolean("is_active"), rs.getBoolean("is_superuser")))
                .findOne().orElse(new UserState(false, false));
    }

    /**
     * A key lookup's one row: userId null when there is no such key id or its user (or, for a personal key, its
     * owner) is inactive. userId and superuser are who the key acts as: its own user (keyUserId), or a personal key's
     * owner. For a key id replaced by a regenerate whose grace window is open, the replaced secret's digest, ending
     * with the window (or the key).
     */
    record Lookup(Long userId, boolean superuser, String secretHashHex, long id, long expiresAt, long keyUserId,
                  boolean personal, String restrictions, long createdAt) {}

    private static final Lookup NONE = new Lookup(null, false, null, 0, Long.MAX_VALUE, 0, false, null, 0);

    /**
     * The cache-miss lookup: one indexed query that returns exactly one row whether or not the key id exists (a
     * one-row table left-joined to the key, by its current and by its replaced key id), so an unknown id and a known
     * one cost the database the same round trip and the caller the same mapping. Active users only; exact match in
     * Java too, whatever the collation.
     */
    Lookup lookupByKeyId(Handle h, String keyId) {
        return h.createQuery("SELECT k.id, k.user_id, k.key_id, k.secret_hash, k.expires_at, u.is_superuser, "
                        + "k.restrictions, k.owner_id, o.is_superuser AS o_superuser, k.created_at, p.created_at AS p_created, "
                        + "p.id AS p_id, p.user_id AS p_user, p.previous_key_id AS p_key_id, p.previous_secret_hash AS p_hash, "
                        + "p.expires_at AS p_expires, p.previous_key_expires_at AS p_grace, pu.is_superuser AS p_superuser, "
                        + "p.restrictions AS p_restrictions, p.owner_id AS p_owner, po.is_superuser AS po_superuser "
                        + "FROM (SELECT 1 AS one) w "
                        + "LEFT JOIN api_key k ON k.key_id = :keyId AND k.revoked_at IS NULL "
                        + "LEFT JOIN core_user u ON u.id = k.user_id AND u.is_active = TRUE "
                        + "LEFT JOIN core_user o ON o.id = k.owner_id AND o.is_active = TRUE "
                        + "LEFT JOIN api_key p ON p.previous_key_id = :keyId AND p.revoked_at IS NULL "
                        + "LEFT JOIN core_user pu ON pu.id = p.user_id AND pu.is_active = TRUE "
                        + "LEFT JOIN core_user po ON po.id = p.owner_id AND po.is_active = TRUE")
                .bind("keyId", keyId)
                .map((rs, ctx) -> {
                    Lookup current = lookup(rs, keyId, "", "id", "user_id", "key_id", "secret_hash", "is_superuser", "expires_at", null);
                    return current != NONE ? current
                            : lookup(rs, keyId, "p_", "p_id", "p_user", "p_key_id", "p_hash", "p_superuser", "p_expires", "p_grace");
                })
                .list().stream().filter(l -> l.userId() != null).findFirst().orElse(NONE);
    }

    /**
     * One side of the lookup's row; the earliest of the given expiry columns (NULL = never). A personal key acts as its
     * owner and only while the owner is active ({@code side}: "" for the key, "p_" for a replaced key id).
     */
    private static Lookup lookup(java.sql.ResultSet rs, String keyId, String side, String id, String user, String foundKeyId,
                                 String hash, String superuserColumn, String expires, String grace) throws java.sql.SQLException {
        long userId = rs.getLong(user);
        boolean hasUser = !rs.wasNull();
        boolean superuser = rs.getBoolean(superuserColumn);
        boolean active = !rs.wasNull();
        if (!hasUser || !active || !keyId.equals(rs.getString(foundKeyId))) return NONE;
        long ownerId = rs.getLong(side.isEmpty() ? "owner_id" : "p_owner");
        boolean personal = !rs.wasNull();
        boolean ownerSuperuser = rs.getBoolean(side.isEmpty() ? "o_superuser" : "po_superuser");
        if (personal && rs.wasNull()) return NONE; // the owner is deactivated
        long end = endOf(rs, expires);
        if (grace != null) end = Math.min(end, endOf(rs, grace));
        return new Lookup(personal ? ownerId : userId, personal ? ownerSuperuser : superuser, rs.getString(hash), rs.getLong(id),
                end, userId, personal, rs.getString(side.isEmpty() ? "restrictions" : "p_restrictions"),
                rs.getLong(side.isEmpty() ? "created_at" : "p_created"));
    }

    private static long endOf(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long t = rs.getLong(column);
        return rs.wasNull() ? Long.MAX_VALUE : t;
    }
}
