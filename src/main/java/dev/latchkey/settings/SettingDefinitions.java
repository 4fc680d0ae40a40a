package dev.latchkey.settings;

import dev.latchkey.settings.SettingDefinition.Type;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.latchkey.settings.SettingDefinition.Visibility.ADMIN;
import static dev.latchkey.settings.SettingDefinition.Visibility.AUTHENTICATED;
import static dev.latchkey.settings.SettingDefinition.Visibility.PUBLIC;
import static dev.latchkey.settings.SettingDefinition.of;

/**
 * Every setting GET/PUT /api/setting knows, one line each, sorted by key as Metabase lists them. A feature adds its
 * setting here (key, default, type, visibility, description, rule) and reads it through SettingsService; its
 * environment variable (MB_ + the key) then fixes it, is checked at start-up and is reported as is_env_setting.
 */
public final class SettingDefinitions {
    private SettingDefinitions() {}

    public static final List<SettingDefinition> ALL = List.of(
            of("admin-email", null, Type.STRING, AUTHENTICATED,
                    "The email address users should be referred to if they encounter a problem.", SettingRules::email),
            of("api-key-max-lifetime-days", null, Type.INTEGER, ADMIN,
                    "The longest an API key may live, in days: new and changed keys must expire within it. Unset: keys may never expire.",
                    SettingRules.integer("api-key-max-lifetime-days", 1, 36_500)),
            of("enable-personal-api-keys", "true", Type.BOOLEAN, ADMIN,
                    "Allow people to create API keys that act as themselves; when off, creating one is refused and existing ones stop working.", SettingRules.bool("enable-personal-api-keys")),
            of("enable-password-login", "true", Type.BOOLEAN, PUBLIC,
                    "Allow logging in by email and password.", SettingRules::passwordLogin),
            of("report-timezone", null, Type.STRING, ADMIN,
                    "Connection timezone to use when executing queries. Defaults to system timezone.", SettingRules::timezone),
            of("site-locale", "en", Type.STRING, PUBLIC,
                    "The default language for all users across the Latchkey UI, system emails, pulses, and alerts.",
                    SettingRules::locale),
            of("site-name", "Latchkey", Type.STRING, AUTHENTICATED,
                    "The name used for this instance of Latchkey.", SettingRules.text("site-name", 254)),
            of("site-url", null, Type.STRING, PUBLIC,
                    "This URL is used for things like creating links in emails, auth redirects, and in some embedding scenarios.",
                    SettingRules::siteUrl),
            of("start-of-week", "sunday", Type.STRING, PUBLIC,
                    "This will affect things like grouping by week or filtering in GUI queries.",
                    SettingRules.oneOf("start-of-week", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")));

    private static final Map<String, SettingDefinition> BY_KEY = new LinkedHashMap<>();

    static {
        for (SettingDefinition d : ALL) {
            if (BY_KEY.put(d.key(), d) != null) throw new IllegalStateException("Setting " + d.key() + " is defined twice");
        }
    }

    public static Optional<SettingDefinition> find(String key) { return Optional.ofNullable(BY_KEY.get(key)); }

    /**
     * The settings the environment fixes, checked and normalised: key to value. A bad value is an error naming the
     * variable (the caller turns it into a start-up failure).
     */
    public static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> fixed = new LinkedHashMap<>();
        for (SettingDefinition d : ALL) {
            String raw = env.get(d.envName());
            if (raw == null || raw.isBlank()) continue;
            try {
                fixed.put(d.key(), d.normalize().apply(raw.trim()));
            } catch (SettingDefinition.Invalid e) {
                throw new SettingDefinition.Invalid(d.envName() + " is not a valid value for " + d.key() + ": " + e.getMessage());
            }
        }
        return Map.copyOf(fixed);
    }
}
