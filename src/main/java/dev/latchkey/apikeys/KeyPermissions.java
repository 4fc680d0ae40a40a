package dev.latchkey.apikeys;

import dev.latchkey.core.Actor;
import dev.latchkey.content.collections.CollectionAccess;
import dev.latchkey.content.collections.CollectionRow;
import dev.latchkey.content.collections.CollectionService;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;
import dev.latchkey.groups.GroupService;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import dev.latchkey.settings.SettingsService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GET /api/api-key/:id/permissions: what a key can actually do, from the same facts its requests are judged by: the
 * user it acts as (its own user, or a personal key's owner) and that user's groups, the collection graph as the
 * content routes read it, and the key's restrictions. A read-only key writes nowhere; methods and paths list what the
 * restrictions let through (the route's own role and the collection rights still apply on top).
 */
public final class KeyPermissions {
    private static final List<String> READ_METHODS = List.of("GET", "HEAD");
    private static final List<String> ALL_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE");

    private final Database db;
    private final ApiKeyService keys;
    private final GroupService groups;
    private final PermissionService permissions;
    private final CollectionService collections;
    private final SettingsService settings;
    private final ApiKeyRepository repo = new ApiKeyRepository();

    /** The answer: who the key acts as, its groups, its collections (root = "root") and what its restrictions allow. */
    public record View(long id, String name, boolean active, Long actsAsUserId, boolean isSuperuser, List<ApiKeyView.GroupRef> groups,
                       Collections collections, List<String> allowedMethods, List<String> allowedPaths, KeyRestrictions restrictions) {}

    /** Collection ids the key can read items in and write items in; the root collection is "root". */
    public record Collections(List<Object> read, List<Object> write) {}

    public KeyPermissions(Database db, ApiKeyService keys, GroupService groups, PermissionService permissions,
                          CollectionService collections, SettingsService settings) {
        this.db = db;
        this.keys = keys;
        this.groups = groups;
        this.permissions = permissions;
        this.collections = collections;
        this.settings = settings;
    }

    public View of(Actor actor, long id) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> {
            ApiKeyRepository.Row row = Check.found(repo.find(h, id).orElse(null));
            long actsAs = row.ownerId() != null ? row.ownerId() : row.userId();
            ApiKeyRepository.UserState user = repo.userState(h, actsAs);
            boolean active = user.active() && (row.ownerId() == null || settings.enabled(PersonalKeys.SETTING));
            KeyRestrictions r = row.restrictions();
            List<String> methods = !active ? List.of() : r.readOnly() ? READ_METHODS : ALL_METHODS;
            if (!active) return new View(row.id(), row.name(), false, actsAs, false, List.of(), new Collections(List.of(), List.of()),
                    methods, r.allowedPaths(), r);
            Actor as = new Actor(actsAs, user.superuser(), Actor.Via.API_KEY);
            Rights rights = permissions.rightsOf(h, as);
            Map<Long, CollectionRow> all = collections.access().byIdFor(h, rights);
            List<Object> read = new ArrayList<>();
            List<Object> write = new ArrayList<>();
            if (CollectionAccess.canRead(all, rights, null)) read.add("root");
            if (!r.readOnly() && CollectionAccess.canWrite(all, rights, null)) write.add("root");
            for (CollectionRow c : all.values()) {
                if (CollectionAccess.canRead(all, rights, c.id())) read.add(c.id());
                if (!r.readOnly() && CollectionAccess.canWrite(all, rights, c.id())) write.add(c.id());
            }
            List<ApiKeyView.GroupRef> groupRefs = groups.groupIdsOf(h, actsAs).stream()
                    .map(g -> new ApiKeyView.GroupRef(g, groups.name(h, g).orElse(null))).toList();
            return new View(row.id(), row.name(), true, actsAs, user.superuser(), groupRefs, new Collections(read, write),
                    methods, r.allowedPaths(), r);
        });
    }
}
