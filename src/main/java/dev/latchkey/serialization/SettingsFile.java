package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.latchkey.settings.SettingDefinition;
import dev.latchkey.settings.SettingDefinitions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * settings.yaml: a flat, sorted map of the instance settings that travel between instances (null = not set).
 * Secrets, setup state and instance identity (setup token, admin email) never leave or enter through it.
 */
final class SettingsFile {
    static final String PATH = "settings.yaml";
    /** Sorted, as Metabase writes them. */
    static final List<String> KEYS = dev.latchkey.settings.Settings.ADJUSTABLE;

    private SettingsFile() {}

    static byte[] write(Function<String, Optional<String>> current) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        for (String key : KEYS) doc.put(key, current.apply(key).orElse(null));
        return Yaml.write(doc);
    }

    /** The known keys and their values (null = reset); unknown keys are logged and left alone. */
    static Map<String, String> read(ObjectNode doc, ImportLog log) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : doc.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!KEYS.contains(key)) {
                log.warn(PATH, "setting " + key + " is not one Latchkey imports; left unchanged");
            } else if (value.isNull()) {
                values.put(key, null);
            } else if (value.isValueNode() && value.asText().indexOf('\0') >= 0) {
                throw new Rejected(PATH, "setting " + key + " must not contain NUL characters"); // PostgreSQL refuses them
            } else if (value.isValueNode() && !value.asText().isBlank()) {
                values.put(key, checked(key, value.asText()));
            } else {
                throw new Rejected(PATH, "setting " + key + " must be a non-blank string or null");
            }
        }
        return values;
    }

    /** The value as the settings API would store it (the same rule: SettingDefinitions), or the file is refused. */
    private static String checked(String key, String value) {
        try {
            return SettingDefinitions.find(key).map(d -> d.normalize().apply(value)).orElse(value);
        } catch (SettingDefinition.Invalid e) {
            throw new Rejected(PATH, "setting " + key + ": " + e.getMessage());
        }
    }
}
