package dev.latchkey.apikeys;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.auth.AuthListener;
import dev.latchkey.core.Authenticator;
import dev.latchkey.auth.UserEvents;
import dev.latchkey.cluster.ClusterCache;
import dev.latchkey.cluster.Invalidation;
import dev.latchkey.settings.SettingsService;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.core.Hashing;
import dev.latchkey.core.Times;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.groups.GroupRef;
import dev.latchkey.groups.GroupService;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import org.jdbi.v3.core.Handle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * API keys: create, list, count, rename/regroup, regenerate, delete. Every key acts as its own user of type
 * api-key, in All Users plus exactly one group. Each write is one transaction holding the key row, its user,
 * its memberships and its audit row; caches are told before the request returns.
 * <p>
 * Names are unique case-insensitively ("Reports" and "reports" are one name) on every database.
 */
public final class ApiKeyService {
    public static final String NAME_TAKEN = "An API key with this name already exists.";
    public static final int MAX_NAME = 254;
    static final String MODEL = "ApiKey";

    private final Database db;
    private final PeopleService people;
    private final GroupService groups;
    private final UserEvents events;
    private final AuditLog audit;
    private final ApiKeyRepository repo = new ApiKeyRepository();
    private final ApiKeySecrets secrets = new ApiKeySecrets();
    private final ApiKeyAuthenticator authenticator;
    private final KeyRateLimiter limiter;
    private final Clock clock;
    private final ApiKeyPolicy policy;
    private final KeyUsage usage;
    private final KeyRetention retention;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiKeyService.class);
    /**
     * Forward authentication's view of a key by key id. Dropped with the key (Invalidation.Key: regenerate, delete,
     * revoke) and with its user (membership, group rename or delete, deactivation), on every instance; ClusterCache
     * bounds staleness when the channel is down. A user event scans the entries, so the cache is kept small.
     */
    private final ClusterCache<String, KeyIdentity> identities;

    public ApiKeyService(Database db, PeopleService people, GroupService groups, UserEvents events, AuditLog audit) {
        this(db, people, groups, events, audit, AuthListener.NONE, null, Clock.systemUTC());
    }

    /**
     * {@code settings}: where enable-personal-api-keys and api-key-max-lifetime-days are read (null: personal keys
     * always on and no lifetime policy, for benchmarks). {@code clock}: the app's clock, which decides expiry and usage
     * days (tests move it forward).
     */
    public ApiKeyService(Database db, PeopleService people, GroupService groups, UserEvents events, AuditLog audit,
                         AuthListener listener, SettingsService settings, Clock clock) {
        this.db = db;
        this.people = people;
        this.groups = groups;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.limiter = KeyRateLimiter.forDatabase(db, clock::millis);
        this.policy = settings == null ? ApiKeyPolicy.none() : new ApiKeyPolicy(() -> settings.value(ApiKeyPolicy.SETTING));
        this.usage = new KeyUsage(db, clock);
        this.retention = new KeyRetention(db, usage.repository(), repo, clock);
        this.authenticator = new ApiKeyAuthenticator(db, repo, events, listener, clock::millis, usage.recorder(), limiter,
                settings == null ? () -> true : () -> settings.enabled(PersonalKeys.SETTING));
        // turning personal keys off (or on) must reach every cached key at once, on every instance
        if (settings != null) settings.onChange(PersonalKeys.SETTING, h -> events.invalidations().publish(h, Invalidation.all()));
        this.identities = new ClusterCache<>(events.invalidations(), MAX_IDENTITIES, (inv, c) -> {
            if (inv instanceof Invalidation.Key k) c.invalidate(k.keyId());
            else if (inv instanceof Invalidation.User u) c.invalidateIf((keyId, identity) -> identity.userId() == u.id());
        });
    }

    /** Whether rate-limit buckets are shared by all instances on the database (PostgreSQL, MariaDB) or per instance (H2). */
    public boolean rateLimitsShared() { return limiter.sharedAcrossInstances(); }

    static final int MAX_IDENTITIES = 20_000;

    /** Who a key is, for forward authentication's response headers: the key's id, its user and its groups' names. */
    public record KeyIdentity(long keyId, long userId, List<String> groupNames) {}

    /**
     * The identity of a key that has just authenticated (cached by its public id); empty when the key went away
     * in between, so the caller answers 401 as for any invalid key.
     */
    public Optional<KeyIdentity> identity(String presentedKey) {
        ApiKeySecrets.Parsed key = ApiKeySecrets.parse(presentedKey);
        if (key == null) return Optional.empty();
        return Optional.ofNullable(identities.get(key.keyId(), id -> db.withHandle(h -> loadIdentity(h, id))));
    }

    /** The key row and its user's groups' names (through GroupService, their owner), lowest group id first. */
    private KeyIdentity loadIdentity(Handle h, String keyId) {
        ApiKeyRepository.Usable key = repo.usable(h, keyId).orElse(null);
        if (key == null) return null;
        List<String> names = groups.groupIdsOf(h, key.userId()).stream().sorted()
                .map(g -> groups.name(h, g).orElse(null)).filter(java.util.Objects::nonNull).toList();
        return new KeyIdentity(key.id(), key.userId(), names);
    }

    /** One entry of a secret-scanning report (GitHub's alert fields). */
    public record LeakReport(String token, String type, String url, String source) {}

    /**
     * Acts, in one transaction, on every reported token that is a secret of a Latchkey key here, with an audit event
     * (api-key-revoke) for each change, in force on every instance before this returns:
     * <ul>
     *   <li>a key's current secret: the key is revoked (the row stays, marked, so admins still see it); a grace
     *       window's previous secret ends with it;</li>
     *   <li>a previous secret whose grace window is open: the window ends now (that secret authenticates nothing from
     *       the next request on); the current secret was not reported and keeps working.</li>
     * </ul>
     * Answers, per report in order, whether the token is such a secret (acted on now, or a key's current secret revoked
     * before). Anything else is false: malformed, unknown, a wrong secret, a previous secret whose window has ended, or
     * a Metabase-format mb_ key.
     */
    public List<Boolean> revokeLeaked(List<LeakReport> reports) {
        return write(h -> {
            long now = clock.millis();
            Boolean[] out = new Boolean[reports.size()];
            // Lock rows in one order (by token), so two reports racing over the same keys cannot deadlock.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) order.add(i);
            order.sort(Comparator.comparing(i -> String.valueOf(reports.get(i).token())));
            // previous secrets this report's revocations ended (key id → digest): naming one too is still a true positive
            Map<String, String> endedHere = new java.util.HashMap<>();
            for (int i : order) out[i] = revokeIfKey(h, reports.get(i), now, endedHere);
            return List.of(out);
        });
    }

    private boolean revokeIfKey(Handle h, LeakReport report, long now, Map<String, String> endedHere) {
        String token = report.token();
        ApiKeySecrets.Parsed key = token == null || !token.startsWith(ApiKeySecrets.PREFIX) ? null : ApiKeySecrets.parse(token);
        if (key == null) return false;
        byte[] digest = ApiKeySecrets.digest(key.secret());
        ApiKeyRepository.Reported row = repo.lockByKeyId(h, key.keyId()).orElse(null);
        if (row != null && sameDigest(digest, row.secretHashHex())) {
            if (!row.revoked()) { // reported again: already dead, nothing to write
                revoke(h, row, report, now);
                if (row.previousKeyId() != null && row.previousKeyExpiresAt() != null && row.previousKeyExpiresAt() > now) {
                    endedHere.put(row.previousKeyId(), row.previousSecretHashHex());
                }
            }
            return true;
        }
        if (sameDigest(digest, endedHere.get(key.keyId()))) return true;
        ApiKeyRepository.Reported replaced = repo.lockByPreviousKeyId(h, key.keyId()).orElse(null);
        if (replaced == null || !sameDigest(digest, replaced.previousSecretHashHex())
                || replaced.previousKeyExpiresAt() == null || replaced.previousKeyExpiresAt() <= now) {
            return false;
        }
        endGraceWindow(h, replaced, report);
        return true;
    }

    private static boolean sameDigest(byte[] digest, String hex) {
        return hex != null && MessageDigest.isEqual(digest, HexFormat.of().parseHex(hex));
    }

    /** A reported current secret: the key is revoked, with an open grace window's previous secret. */
    private void revoke(Handle h, ApiKeyRepository.Reported row, LeakReport report, long now) {
        String url = clip(report.url(), 2048);
        String source = clip(report.source(), 255);
        repo.revoke(h, row.id(), new ApiKeyRepository.Revocation(now, LEAKED, url, source));
        Map<String, Object> details = leakDetails(row, row.keyId(), report);
        if (row.previousKeyId() != null && row.previousKeyExpiresAt() != null && row.previousKeyExpiresAt() > now) {
            details.put("previous_key_prefix", ApiKeySecrets.publicPrefix(row.previousKeyId()));
        }
        audit.record(h, null, "api-key-revoke", MODEL, row.id(), details);
        events.changed(h, row.userId());
        authenticator.evict(h, row.previousKeyId() == null ? new String[] {row.keyId()} : new String[] {row.keyId(), row.previousKeyId()});
    }

    /**
     * A reported previous secret during its grace window: the window ends now, here and on every instance (the replaced
     * key id is forgotten and evicted, as a regenerate without grace does); the key and its current secret stay.
     */
    private void endGraceWindow(Handle h, ApiKeyRepository.Reported row, LeakReport report) {
        repo.endGraceWindow(h, row.id());
        Map<String, Object> details = leakDetails(row, row.previousKeyId(), report);
        details.put("secret", "previous");
        details.put("previous_key_expires_at", isoText(row.previousKeyExpiresAt()));
        audit.record(h, null, "api-key-revoke", MODEL, row.id(), details);
        authenticator.evict(h, row.previousKeyId());
    }

    /** The audit details every leak outcome carries: the key, the leaked secret's public prefix and the report. */
    private static Map<String, Object> leakDetails(ApiKeyRepository.Reported row, String leakedKeyId, LeakReport report) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", row.name());
        details.put("key_prefix", ApiKeySecrets.publicPrefix(leakedKeyId));
        details.put("reason", LEAKED);
        details.put("url", clip(report.url(), 2048));
        details.put("source", clip(report.source(), 255));
        details.put("type", clip(report.type(), 255));
        return details;
    }

    static final String LEAKED = "leaked";

    private static String clip(String s, int max) { return s == null || s.length() <= max ? s : s.substring(0, max); }

    /** The X-API-Key authenticator backed by this service's keys. */
    public Authenticator authenticator() { return authenticator; }

    /** The key cache's entry count and cumulative hits and misses (a miss is a database read). */
    public record CacheStats(long size, long hits, long misses) {}

    public CacheStats cacheStats() { return authenticator.stats(); }

    /** POST /api/api-key: a new key and its user; the plaintext is in the response and nowhere else. */
    public NewApiKeyView create(Actor actor, String name, long groupId) { return create(actor, name, groupId, KeyRestrictions.NONE); }

    /** As above, with restrictions that narrow the key. */
    public NewApiKeyView create(Actor actor, String name, long groupId, KeyRestrictions restrictions) {
        return create(actor, name, groupId, null, restrictions);
    }

    /** A key expiring at {@code expiresAt} (epoch ms; null = never, if the policy allows), without restrictions. */
    public NewApiKeyView create(Actor actor, String name, long groupId, Long expiresAt) {
        return create(actor, name, groupId, expiresAt, KeyRestrictions.NONE);
    }

    /** As above, expiring at {@code expiresAt} (epoch ms; null = never, if the policy allows). */
    public NewApiKeyView create(Actor actor, String name, long groupId, Long expiresAt, KeyRestrictions restrictions) {
        Check.permitted(actor.superuser());
        policy.check(expiresAt, true, clock.millis());
        return write(h -> {
            ApiKeySecrets.Generated key = secrets.generate();
            return NewApiKeyView.of(insert(h, actor, name, groupId, key.keyId(), key.secretHashHex(), restrictions, null, expiresAt),
                    key.plaintext());
        });
    }

    /**
     * A key whose secret was made elsewhere (a config file's key or key_sha256), inside the caller's transaction:
     * only its digest is stored, as for any key.
     */
    public ApiKeyView createFromDigest(Handle h, Actor actor, String name, long groupId, ApiKeySecrets.Stored stored) {
        return createFromDigest(h, actor, name, groupId, stored, null);
    }

    /** As above, expiring at {@code expiresAt} (epoch ms; null = never, if the policy allows). */
    public ApiKeyView createFromDigest(Handle h, Actor actor, String name, long groupId, ApiKeySecrets.Stored stored,
                                       Long expiresAt) {
        Check.permitted(actor.superuser());
        policy.check(expiresAt, true, clock.millis());
        if (repo.keyIdTaken(h, stored.keyId())) throw AppError.field("key", "This key is already in use by another API key.");
        return insert(h, actor, name, groupId, stored.keyId(), stored.secretHashHex(), KeyRestrictions.NONE, null, expiresAt);
    }

    /** Whether a key has this name (case-insensitively, as names are unique). */
    public boolean nameExists(Handle h, String name) { return repo.nameTaken(h, nameKey(name)); }

    /**
     * A new key row and its user. A group key's user is in All Users and the key's group; a personal key's
     * ({@code ownerId} set) only in All Users, as it acts as its owner and carries no group of its own.
     */
    ApiKeyView insert(Handle h, Actor actor, String name, long groupId, String keyId, String secretHashHex,
                      KeyRestrictions restrictions, Long ownerId) {
        return insert(h, actor, name, groupId, keyId, secretHashHex, restrictions, ownerId, null);
    }

    ApiKeyView insert(Handle h, Actor actor, String name, long groupId, String keyId, String secretHashHex,
                      KeyRestrictions restrictions, Long ownerId, Long expiresAt) {
        String groupName = groupName(h, groupId);
        if (repo.nameTaken(h, nameKey(ownerId, name))) throw AppError.field("name", NAME_TAKEN);
        String email = "api-key-user-" + UUID.randomUUID() + "@api-key.invalid";
        // No password at all: a key's user signs in only with its key, so a random bcrypt hash would be dead weight.
        long userId = people.create(h, email, name, "", null, User.API_KEY, Set.of(groupId));
        long now = clock.millis();
        long id = repo.insert(h, userId, name, nameKey(ownerId, name), keyId, secretHashHex, actor.userId(), now, restrictions, ownerId);
        if (expiresAt != null) repo.setExpiry(h, id, expiresAt, actor.userId(), now);
        Map<String, Object> details = details(name, ownerId != null ? null : new ApiKeyView.GroupRef(groupId, groupName), keyId, userId);
        if (expiresAt != null) details.put("expires_at", java.time.Instant.ofEpochMilli(expiresAt).toString());
        if (!restrictions.isNone()) details.put("restrictions", restrictions);
        if (ownerId != null) details.put("owner_id", ownerId);
        audit.record(h, actor.userId(), "api-key-create", MODEL, id, details);
        events.changed(h, userId);
        authenticator.evict(h, keyId);
        // the group is known here; reading it back would cost two more queries on the hot create path
        return toView(repo.find(h, id).orElseThrow(), ownerId != null ? null : new ApiKeyView.GroupRef(groupId, groupName));
    }

    public List<ApiKeyView> list(Actor actor) { return list(actor, false); }

    /** GET /api/api-key: group keys (Metabase's list), and with {@code includePersonal} every person's keys too. */
    public List<ApiKeyView> list(Actor actor, boolean includePersonal) {
        Check.permitted(actor.superuser());
        Map<Long, Long> lastUsed = usage.lastUsed(); // before taking a connection: it may wait for a usage write
        return db.withHandle(h -> {
            List<ApiKeyRepository.Row> rows = repo.list(h, includePersonal);
            Map<Long, GroupRef> byUser = groups.firstGroupBesidesAllUsers(h, rows.stream().map(ApiKeyRepository.Row::userId).toList());
            ApiKeyView.GroupRef allUsers = allUsersRef(h);
            long now = clock.millis();
            return rows.stream().map(r -> toView(r, r.ownerId() != null ? null : groupRef(byUser.get(r.userId()), allUsers),
                    lastUsed.get(r.id()), now)).toList();
        });
    }

    public long count(Actor actor) {
        Check.permitted(actor.superuser());
        return db.withHandle(repo::count);
    }

    /** PUT /api/api-key/:id: a null field means "leave as is". */
    public ApiKeyView update(Actor actor, long id, String name, Long groupId) { return update(actor, id, name, groupId, null); }

    /** As above; {@code restrictions} (null = leave as is) replace the key's, audited and in force from its next request. */
    public ApiKeyView update(Actor actor, long id, String name, Long groupId, KeyRestrictions restrictions) {
        return update(actor, id, name, groupId, null, restrictions);
    }

    /** As above; {@code expiry} null leaves the expiry as is, else sets it (its value null = never). */
    public ApiKeyView update(Actor actor, long id, String name, Long groupId, Expiry expiry, KeyRestrictions restrictions) {
        Check.permitted(actor.superuser());
        return withLastUse(write(h -> {
            ApiKeyRepository.Row row = locked(h, id);
            if (row.ownerId() != null && groupId != null) throw AppError.field("group_id", PersonalKeys.NO_GROUP);
            return change(h, actor, row, name, groupId, restrictions, expiry);
        }));
    }

    ApiKeyView change(Handle h, Actor actor, ApiKeyRepository.Row row, String name, Long groupId, KeyRestrictions restrictions) {
        return change(h, actor, row, name, groupId, restrictions, null);
    }

    /** One key's changes inside the caller's transaction, with their audit row and cache invalidation. */
    ApiKeyView change(Handle h, Actor actor, ApiKeyRepository.Row row, String name, Long groupId, KeyRestrictions restrictions,
                      Expiry expiry) {
        long id = row.id();
        ApiKeyView before = view(h, row);
        long userId = row.userId();
        String newGroupName = groupId == null ? null : groupName(h, groupId);
        long now = clock.millis();
        Long expiresAt = expiry == null ? row.expiresAt() : expiry.at();
        policy.check(expiresAt, expiry != null, now);
        boolean expiryChanged = !java.util.Objects.equals(expiresAt, row.expiresAt());
        if (expiryChanged) repo.setExpiry(h, id, expiresAt, actor.userId(), now);
        // Always reset to exactly {All Users, group}, also undoing memberships added through the groups API.
        if (groupId != null) groups.setGroups(h, userId, Set.of(groupId), "group_id");
        if (name != null && !name.equals(before.name())) {
            String nameKey = nameKey(row.ownerId(), name);
            if (!nameKey.equals(nameKey(row.ownerId(), before.name())) && repo.nameTaken(h, nameKey)) {
                throw AppError.field("name", NAME_TAKEN);
            }
            repo.rename(h, id, name, nameKey, actor.userId(), now);
            people.renameKeyUser(h, userId, name);
        }
        Map<String, Object> previous = new LinkedHashMap<>();
        Map<String, Object> next = new LinkedHashMap<>();
        if (name != null && !name.equals(before.name())) changed(previous, next, "name", before.name(), name);
        if (groupId != null && !groupId.equals(before.group().id())) {
            changed(previous, next, "group", groupMap(before.group().id(), before.group().name()), groupMap(groupId, newGroupName));
        }
        if (restrictions != null && !restrictions.equals(row.restrictions())) {
            repo.setRestrictions(h, id, restrictions, actor.userId(), now);
            if (!java.util.Objects.equals(restrictions.rateLimit(), row.restrictions().rateLimit())) repo.deleteRateBuckets(h, id);
            changed(previous, next, "restrictions", row.restrictions(), restrictions);
        }
        if (expiryChanged) changed(previous, next, "expires_at", isoText(row.expiresAt()), isoText(expiresAt));
        audit.record(h, actor.userId(), "api-key-update", MODEL, id, previousAndNew(previous, next));
        events.changed(h, userId);
        authenticator.evict(h, keyIds(row));
        return view(h, repo.find(h, id).orElseThrow());
    }

    /** PUT /api/api-key/:id/regenerate: a new key id and secret; the old key stops working before this returns. */
    public NewApiKeyView regenerate(Actor actor, long id) { return regenerate(actor, id, 0); }

    /**
     * As above; with {@code graceSeconds} > 0 the old key keeps working that long beside the new one. Either way a
     * window opened by an earlier regenerate ends now.
     */
    public NewApiKeyView regenerate(Actor actor, long id, long graceSeconds) {
        Check.permitted(actor.superuser());
        return withLastUseOfNew(write(h -> regenerate(h, actor, locked(h, id), graceSeconds)));
    }

    /** A new secret for a locked key, inside the caller's transaction. */
    NewApiKeyView regenerate(Handle h, Actor actor, ApiKeyRepository.Row row) { return regenerate(h, actor, row, 0); }

    NewApiKeyView regenerate(Handle h, Actor actor, ApiKeyRepository.Row row, long graceSeconds) {
        long id = row.id();
        ApiKeySecrets.Generated key = secrets.generate();
        long now = clock.millis();
        repo.replaceSecret(h, id, key.keyId(), key.secretHashHex(), actor.userId(), now,
                graceSeconds > 0 && row.revocation() == null ? now + graceSeconds * 1000 : null); // a revoked secret gets no grace
        Map<String, Object> details = previousAndNew(Map.of("key_prefix", ApiKeySecrets.publicPrefix(row.keyId())),
                Map.of("key_prefix", ApiKeySecrets.publicPrefix(key.keyId())));
        if (graceSeconds > 0) details.put("grace_seconds", graceSeconds);
        audit.record(h, actor.userId(), "api-key-regenerate", MODEL, id, details);
        events.changed(h, row.userId());
        authenticator.evict(h, keyIds(row, key.keyId()));
        return NewApiKeyView.of(view(h, repo.find(h, id).orElseThrow()), key.plaintext());
    }

    /** DELETE /api/api-key/:id: the key row goes; its user stays, deactivated, as in Metabase. */
    public void delete(Actor actor, long id) {
        Check.permitted(actor.superuser());
        write(h -> {
            delete(h, actor, locked(h, id));
            return null;
        });
    }

    /** Deletes a locked key inside the caller's transaction. */
    void delete(Handle h, Actor actor, ApiKeyRepository.Row row) {
        long id = row.id();
        ApiKeyView before = view(h, row);
        repo.deleteRateBuckets(h, id);
        usage.deleteForKey(h, id);
        repo.delete(h, id);
        people.deactivateKeyUser(h, row.userId());
        audit.record(h, actor.userId(), "api-key-delete", MODEL, id,
                details(before.name(), before.group(), row.keyId(), row.userId()));
        events.changed(h, row.userId());
        authenticator.evict(h, keyIds(row));
    }

    public static final int MAX_USAGE_DAYS = KeyUsage.MAX_DAYS;

    /** A new expiry for PUT: {@code at} epoch ms, null = never. */
    public record Expiry(Long at) {}

    /** GET /api/api-key/:id/usage: the last {@code days} UTC days, oldest first, with this instance's unwritten counts. */
    public List<KeyUsageDay> usage(Actor actor, long id, int days) {
        Check.permitted(actor.superuser());
        Check.found(db.withHandle(h -> repo.find(h, id)).orElse(null));
        return usage.days(id, days); // with no connection held: it may wait for a usage write
    }

    /** The lifetime policy and how many keys exceed it (GET /api/api-key/policy). */
    public record PolicyView(Long maxLifetimeDays, long exceeding) {}

    public PolicyView policy(Actor actor) {
        Check.permitted(actor.superuser());
        Long max = policy.maxDays();
        if (max == null) return new PolicyView(null, 0);
        long now = clock.millis();
        long exceeding = db.withHandle(h -> repo.list(h, true).stream()
                .filter(r -> ApiKeyPolicy.exceeds(r.expiresAt(), max, now)).count());
        return new PolicyView(max, exceeding);
    }

    /**
     * Told when a request finishes: a key-authenticated request answered 401, 403 or 429 by a later rule counts as
     * denied in its key's usage.
     */
    public void requestFinished(Actor actorOrNull, int status) {
        if (actorOrNull == null || actorOrNull.apiKeyId() == 0) return;
        if (status == 401 || status == 403 || status == 429) usage.recorder().denied(actorOrNull.apiKeyId());
    }

    /** Starts writing usage, and the retention sweep, in the background (App.start). */
    public void start() { usage.start(this::sweepQuietly, KeyRetention.EVERY_MINUTES); }

    /** What one retention sweep deleted: usage rows and rate-limit bucket rows. */
    public record Swept(int usageRows, int bucketRows) {}

    /** Runs the retention sweep now (tests; in the background it runs every hour): see {@link KeyRetention}. */
    public Swept sweep() { return retention.sweep(); }

    private void sweepQuietly() {
        try {
            Swept s = retention.sweep();
            if (s.usageRows() + s.bucketRows() > 0) log.info("Retention sweep: {} usage rows, {} idle rate-limit buckets deleted", s.usageRows(), s.bucketRows());
        } catch (RuntimeException e) {
            log.warn("Retention sweep failed; it runs again in {} minutes: {}", KeyRetention.EVERY_MINUTES, e.toString());
        }
    }

    /** Writes the usage counted so far now (tests; the background flush does it every few seconds). */
    public void flushUsage() { usage.flush(); }

    /** Stops the background writer and writes what is left. */
    public void close() { usage.close(); }

    /**
     * The view with its last use, read after the write has committed and its connection given back: usage is never
     * read while a connection (or a transaction holding a key row a usage write may wait for) is held.
     */
    private ApiKeyView withLastUse(ApiKeyView v) {
        Long lastUsed = usage.lastUsed(v.id());
        return new ApiKeyView(v.id(), v.name(), v.group(), v.maskedKey(), v.createdAt(), v.updatedAt(), v.updatedBy(),
                v.revoked(), v.restrictions(), v.owner(), v.expiresAt(), Times.iso(lastUsed), v.previousKeyExpiresAt());
    }

    private NewApiKeyView withLastUseOfNew(NewApiKeyView v) {
        Long lastUsed = usage.lastUsed(v.id());
        return new NewApiKeyView(v.id(), v.name(), v.group(), v.maskedKey(), v.unmaskedKey(), v.createdAt(), v.updatedAt(),
                v.updatedBy(), v.revoked(), v.restrictions(), v.owner(), v.expiresAt(), Times.iso(lastUsed), v.previousKeyExpiresAt());
    }

    /** The key ids a change to this key must evict: its current one, a grace window's, and any new ones. */
    private static String[] keyIds(ApiKeyRepository.Row row, String... more) {
        List<String> ids = new java.util.ArrayList<>(List.of(more));
        ids.add(row.keyId());
        if (row.previousKeyId() != null) ids.add(row.previousKeyId());
        return ids.toArray(String[]::new);
    }

    private static String isoText(Long epochMillis) { return epochMillis == null ? null : java.time.Instant.ofEpochMilli(epochMillis).toString(); }

    /**
     * One transaction; unique-name races become the duplicate-name 400 and a group deleted meanwhile becomes
     * the group_id 400, so no race surfaces as a 500.
     */
    <T> T write(Function<Handle, T> work) {
        try {
            // a deadlock (Database retries those), or (astronomically unlikely) a key id drawn twice: run again
            return db.inTransaction(work::apply, e -> SqlErrors.isUniqueViolation(e, "uq_api_key_key_id"));
        } catch (AppError e) {
            throw e;
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e, "uq_api_key_name")) throw AppError.field("name", NAME_TAKEN);
            if (SqlErrors.classify(e) == SqlErrors.Kind.FOREIGN_KEY) throw AppError.field("group_id", "The group does not exist.");
            throw e;
        }
    }

    /** The key row, locked until the transaction ends so changes to one key apply one after another; 404 if none. */
    ApiKeyRepository.Row locked(Handle h, long id) {
        Check.found(repo.lock(h, id).orElse(null));
        return repo.find(h, id).orElseThrow();
    }

    ApiKeyView view(Handle h, ApiKeyRepository.Row row) {
        if (row.ownerId() != null) return toView(row, null, null, clock.millis());
        GroupRef group = groups.firstGroupBesidesAllUsers(h, List.of(row.userId())).get(row.userId());
        return toView(row, group != null ? new ApiKeyView.GroupRef(group.id(), group.name()) : allUsersRef(h), null, clock.millis());
    }

    private ApiKeyView.GroupRef allUsersRef(Handle h) {
        return new ApiKeyView.GroupRef(groups.allUsersId(), groups.name(h, groups.allUsersId()).orElse(null));
    }

    private static ApiKeyView.GroupRef groupRef(GroupRef group, ApiKeyView.GroupRef otherwise) {
        return group == null ? otherwise : new ApiKeyView.GroupRef(group.id(), group.name());
    }

    private String groupName(Handle h, long groupId) {
        return groups.name(h, groupId).orElseThrow(() -> AppError.field("group_id", "Group " + groupId + " does not exist."));
    }

    static ApiKeyView toView(ApiKeyRepository.Row r, ApiKeyView.GroupRef group) {
        return toView(r, group, null, System.currentTimeMillis());
    }

    /** {@code lastUsedAt}: epoch ms or null; {@code now}: the app's time, which decides whether a grace window is open. */
    static ApiKeyView toView(ApiKeyRepository.Row r, ApiKeyView.GroupRef group, Long lastUsedAt, long now) {
        ApiKeyRepository.Revocation rv = r.revocation();
        Long grace = r.previousKeyExpiresAt() != null && r.previousKeyExpiresAt() > now ? r.previousKeyExpiresAt() : null;
        return new ApiKeyView(r.id(), r.name(), group, ApiKeySecrets.mask(r.keyId()), Times.iso(r.createdAt()), Times.iso(r.updatedAt()),
                new ApiKeyView.UpdatedBy(r.updatedById(), ApiKeyRepository.commonName(r.updatedByFirst(), r.updatedByLast(), r.updatedByEmail())),
                rv == null ? null : new ApiKeyView.Revoked(Times.iso(rv.at()), rv.reason(), rv.url(), rv.source()),
                r.restrictions(), r.ownerId() == null ? null : new ApiKeyView.Owner(r.ownerId(), r.ownerName()),
                Times.iso(r.expiresAt()), Times.iso(lastUsedAt), Times.iso(grace));
    }

    /** Audit details for create and delete, exactly Metabase's keys: name, group, key_prefix, user_id. */
    private static Map<String, Object> details(String name, ApiKeyView.GroupRef group, String keyId, long userId) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("group", group == null ? null : groupMap(group.id(), group.name()));
        d.put("key_prefix", ApiKeySecrets.publicPrefix(keyId));
        d.put("user_id", userId);
        return d;
    }

    private static Map<String, Object> groupMap(Long id, String name) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", id);
        g.put("name", name);
        return g;
    }

    /** Metabase's update/regenerate details: only the changed fields, before and after. */
    private static Map<String, Object> previousAndNew(Map<String, Object> previous, Map<String, Object> next) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("previous", previous);
        d.put("new", next);
        return d;
    }

    private static void changed(Map<String, Object> previous, Map<String, Object> next, String field, Object was, Object now) {
        previous.put(field, was);
        next.put(field, now);
    }

    /** The api_key.name_hash of a name: SHA-256 (hex) of its lower case, unique per key. */
    static String nameKey(String name) { return Hashing.sha256Hex(name.toLowerCase(Locale.ROOT)); }

    /** Group keys' names are unique among group keys; a person's key names only among that person's keys. */
    static String nameKey(Long ownerId, String name) { return nameKey(ownerId == null ? name : "personal/" + ownerId + "/" + name); }
}
