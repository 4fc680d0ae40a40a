package dev.latchkey.settings;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One setting as Metabase's defsetting describes it: its key, the environment variable that fixes it, the default,
 * the description admins see, the type of its JSON value, who may read it in GET /api/session/properties, and the
 * rule that checks and normalises a new value (throwing {@link Invalid} with the message a client sees).
 */
public record SettingDefinition(String key, String envName, String defaultValue, String description, Type type,
                                Visibility visibility, UnaryOperator<String> normalize) {

    /** The JSON type of the value on the wire (values are stored as text). */
    public enum Type { STRING, BOOLEAN, INTEGER }

    /** Who sees the value in GET /api/session/properties (admins list every setting through GET /api/setting). */
    public enum Visibility { PUBLIC, AUTHENTICATED, ADMIN }

    /** A value the setting's rule refuses; the message is the answer's. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) { super(message); }
    }

    /** A setting whose variable is Metabase's: MB_ and the key in upper case with underscores. */
    public static SettingDefinition of(String key, String defaultValue, Type type, Visibility visibility, String description,
                                       UnaryOperator<String> normalize) {
        return new SettingDefinition(key, "MB_" + key.toUpperCase(Locale.ROOT).replace('-', '_'), defaultValue, description,
                type, visibility, normalize);
    }
}
