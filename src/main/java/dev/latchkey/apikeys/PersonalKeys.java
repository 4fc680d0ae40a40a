package dev.latchkey.apikeys;

import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;
import dev.latchkey.groups.GroupService;
import dev.latchkey.settings.SettingsService;

import java.util.List;

/**
 * Personal API keys (/api/user/current/api-key): keys a person makes that act as that person, with exactly their
 * rights (narrowed by the key's restrictions). The key's row names its owner; authentication loads the owner's
 * active flag and admin flag with the key, and every change to the owner (deactivation, demotion, a group removed)
 * evicts their keys like their sessions. The key's own user is in All Users only and is never the actor.
 * <p>
 * Keys are made, regenerated and deleted with a session only: a key cannot mint or renew keys (a restricted key
 * must not make an unrestricted one). The setting enable-personal-api-keys (default on) turns the feature off:
 * creation is then 403 and existing keys stop authenticating until it is on again.
 */
public final class PersonalKeys {
    public static final String SETTING = "enable-personal-api-keys";
    static final String NO_GROUP = "A personal API key has no group: it acts as its owner.";

    private final Database db;
    private final ApiKeyService keys;
    private final GroupService groups;
    private final SettingsService settings;
    private final ApiKeySecrets secrets = new ApiKeySecrets();
    private final ApiKeyRepository repo = new ApiKeyRepository();

    public PersonalKeys(Database db, ApiKeyService keys, GroupService groups, SettingsService settings) {
        this.db = db;
        this.keys = keys;
        this.groups = groups;
        this.settings = settings;
    }

    /** POST /api/user/current/api-key: a key that acts as the caller; the plaintext is shown this once. */
    public NewApiKeyView create(Actor actor, String name, KeyRestrictions restrictions) {
        Check.permitted(actor.via() == Actor.Via.SESSION && settings.enabled(SETTING));
        return keys.write(h -> {
            ApiKeySecrets.Generated key = secrets.generate();
            return NewApiKeyView.of(keys.insert(h, actor, name, groups.allUsersId(), key.keyId(), key.secretHashHex(),
                    restrictions, actor.userId()), key.plaintext());
        });
    }

    /** GET /api/user/current/api-key: the caller's own keys. */
    public List<ApiKeyView> list(Actor actor) {
        return db.withHandle(h -> repo.listOwnedBy(h, actor.userId()).stream().map(r -> ApiKeyService.toView(r, null)).toList());
    }

    /** PUT /api/user/current/api-key/:id/regenerate: 404 unless the key is the caller's own. */
    public NewApiKeyView regenerate(Actor actor, long id) {
        Check.permitted(actor.via() == Actor.Via.SESSION && settings.enabled(SETTING));
        return keys.write(h -> keys.regenerate(h, actor, own(h, actor, id)));
    }

    /** DELETE /api/user/current/api-key/:id: 404 unless the key is the caller's own. */
    public void delete(Actor actor, long id) {
        Check.permitted(actor.via() == Actor.Via.SESSION);
        keys.write(h -> {
            keys.delete(h, actor, own(h, actor, id));
            return null;
        });
    }

    /** Deletes every personal key of a person being deactivated, inside that transaction (each delete audited). */
    public void deleteAllOf(org.jdbi.v3.core.Handle h, Actor actor, long ownerId) {
        for (ApiKeyRepository.Row row : repo.listOwnedBy(h, ownerId)) keys.delete(h, actor, keys.locked(h, row.id()));
    }

    private ApiKeyRepository.Row own(org.jdbi.v3.core.Handle h, Actor actor, long id) {
        ApiKeyRepository.Row row = keys.locked(h, id);
        if (row.ownerId() == null || row.ownerId() != actor.userId()) throw AppError.notFound();
        return row;
    }
}
