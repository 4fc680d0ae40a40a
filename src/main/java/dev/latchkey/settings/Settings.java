package dev.latchkey.settings;

import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

/** Instance settings (site name, setup token, ...) stored as key/value rows. */
public final class Settings {
    public static final String SITE_NAME = "site-name";
    public static final String SETUP_TOKEN = "setup-token";
    public static final String SETUP_DONE = "setup-done";
    /** The settings an admin may set (serialization's settings.yaml, a config file's settings:), sorted. */
    public static final java.util.List<String> ADJUSTABLE = java.util.List.of("report-timezone", "site-locale", "site-name", "start-of-week");

    private final Database db;

    public Settings(Database db) { this.db = db; }

    public Optional<String> get(String key) { return db.withHandle(h -> get(h, key)); }

    public Optional<String> get(Handle h, String key) {
        return h.createQuery("SELECT setting_value FROM setting WHERE setting_key = :k").bind("k", key)
                .mapTo(String.class).findOne();
    }

    /** Insert or update, portable across databases (no MERGE / ON CONFLICT dialects). */
    public void put(Handle h, String key, String value) {
        int updated = h.createUpdate("UPDATE setting SET setting_value = :v WHERE setting_key = :k")
                .bind("k", key).bind("v", value).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO setting (setting_key, setting_value) VALUES (:k, :v)")
                    .bind("k", key).bind("v", value).execute();
        }
    }

    /** Removes a setting, so readers fall back to its default (Metabase: setting a value to nil). */
    public void remove(Handle h, String key) {
        h.createUpdate("DELETE FROM setting WHERE setting_key = :k").bind("k", key).execute();
    }

    /** Inserts only if absent; returns false when the key already existed (a unique race counts as existing). */
    public boolean insertIfAbsent(Handle h, String key, String value) {
        if (get(h, key).isPresent()) return false;
        h.createUpdate("INSERT INTO setting (setting_key, setting_value) VALUES (:k, :v)")
                .bind("k", key).bind("v", value).execute();
        return true;
    }
}
