package dev.latchkey.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;
import dev.latchkey.settings.SettingDefinition.Visibility;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metabase's settings API over the definitions in SettingDefinitions. A value comes from its environment variable
 * when set (then it cannot be changed here), else from the setting table, else the default. Reads go to the
 * database every time, so every server sharing it sees a change at once (no cache to invalidate). Changes are
 * admin-only, checked as a whole before anything is written, and audited as setting-update in the same transaction.
 */
public final class SettingsService {
    private final Database db;
    private final Settings store;
    private final Map<String, String> fixed;
    private final AuditLog audit;
    private final Map<String, List<java.util.function.Consumer<Handle>>> listeners = new java.util.concurrent.ConcurrentHashMap<>();

    /** One row of GET /api/setting (Metabase's user-facing-info). */
    public record SettingView(String key, Object value, boolean isEnvSetting, String envName, String description,
                              @JsonProperty("default") Object defaultValue) {}

    /** `fixed`: key to value of the settings the environment fixes (Config.fixedSettings, already checked). */
    public SettingsService(Database db, Settings store, Map<String, String> fixed, AuditLog audit) {
        this.db = db;
        this.store = store;
        this.fixed = Map.copyOf(fixed);
        this.audit = audit;
    }

    // ---- for other features ----

    /**
     * Runs {@code listener} inside the transaction that changes {@code key} (through the API or a config file), so a
     * feature that caches what the setting decides can publish its invalidation with the change. Call at start-up.
     */
    public void onChange(String key, java.util.function.Consumer<Handle> listener) {
        listeners.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(listener);
    }

    /** Whether a boolean setting is on now (environment, else stored, else default). */
    public boolean enabled(String key) { return Boolean.parseBoolean(value(key)); }

    /** The value in force (environment, else stored, else default) as text; null when none. */
    public String value(String key) { return db.withHandle(h -> value(h, definition(key))); }

    /** The value in force of every setting the caller may see (GET /api/session/properties; null = signed out). */
    public Map<String, Object> visibleValues(Actor actorOrNull) {
        return db.withHandle(h -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (SettingDefinition d : SettingDefinitions.ALL) {
                if (visible(d.visibility(), actorOrNull)) out.put(d.key(), typed(d, value(h, d)));
            }
            return out;
        });
    }

    // ---- the API (admins) ----

    /** GET /api/setting: every setting; a value fixed by the environment is not shown, only its variable. */
    public List<SettingView> list(Actor actor) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> {
            List<SettingView> out = new ArrayList<>();
            for (SettingDefinition d : SettingDefinitions.ALL) {
                boolean env = fixed.containsKey(d.key());
                out.add(new SettingView(d.key(), env ? null : typed(d, store.get(h, d.key()).orElse(null)), env, d.envName(),
                        d.description(), env ? "Using value of env var $" + d.envName() : typed(d, d.defaultValue())));
            }
            return out;
        });
    }

    /** GET /api/setting/:key: the value in force, as JSON. */
    public Object get(Actor actor, String key) {
        Check.permitted(actor.superuser());
        SettingDefinition d = definition(key);
        return db.withHandle(h -> typed(d, value(h, d)));
    }

    /** PUT /api/setting/:key and PUT /api/setting: all or nothing; null or "" resets a setting to its default. */
    public void update(Actor actor, Map<String, JsonNode> changes) {
        Check.permitted(actor.superuser());
        Map<String, String> next = new LinkedHashMap<>();
        changes.forEach((key, value) -> next.put(key, checked(definition(key), value)));
        db.useTransaction(h -> next.forEach((key, value) -> write(h, actor, key, value)));
    }

    // ---- internals ----

    private static SettingDefinition definition(String key) {
        return SettingDefinitions.find(key).orElseThrow(AppError::notFound);
    }

    private String value(Handle h, SettingDefinition d) {
        if (fixed.containsKey(d.key())) return fixed.get(d.key());
        return store.get(h, d.key()).orElse(d.defaultValue());
    }

    /** The new value as stored text (null = reset), or 400: fixed by the environment, wrong type, refused by the rule. */
    private String checked(SettingDefinition d, JsonNode value) {
        if (fixed.containsKey(d.key())) {
            throw AppError.badRequestMessage(d.key() + " is set by the environment variable " + d.envName()
                    + " and cannot be changed through the API.");
        }
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) return null;
        boolean typeOk = switch (d.type()) {
            case STRING -> value.isTextual() || value.isNumber();
            case BOOLEAN -> value.isBoolean() || value.isTextual();
            case INTEGER -> value.isIntegralNumber() || value.isTextual();
        };
        if (!typeOk) throw AppError.badRequestMessage(d.key() + " must be a " + d.type().name().toLowerCase() + ".");
        try {
            return d.normalize().apply(value.asText());
        } catch (SettingDefinition.Invalid e) {
            throw AppError.badRequestMessage(e.getMessage());
        }
    }

    private void write(Handle h, Actor actor, String key, String value) {
        String previous = store.get(h, key).orElse(null);
        if (Objects.equals(previous, value)) return;
        if (value == null) store.remove(h, key); else store.put(h, key, value);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key", key);
        details.put("previous_value", previous);
        details.put("new_value", value);
        audit.record(h, actor.userId(), "setting-update", "Setting", null, details);
        listeners.getOrDefault(key, List.of()).forEach(l -> l.accept(h));
    }

    private static Object typed(SettingDefinition d, String text) {
        if (text == null) return null;
        return switch (d.type()) {
            case STRING -> text;
            case BOOLEAN -> Boolean.parseBoolean(text);
            case INTEGER -> Long.parseLong(text);
        };
    }

    private static boolean visible(Visibility v, Actor actor) {
        return switch (v) {
            case PUBLIC -> true;
            case AUTHENTICATED -> actor != null;
            case ADMIN -> actor != null && actor.superuser();
        };
    }
}
