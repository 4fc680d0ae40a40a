package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.settings.Settings;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a bundle and applies it inside the caller's transaction. Every file is parsed and checked before
 * anything is written. Without continue_on_error the first problem throws {@link Rejected} (the caller rolls
 * back); with it, broken files are logged and skipped.
 */
final class Importer {
    private final Settings settings;

    Importer(Settings settings) {
        this.settings = settings;
    }

    /** One YAML file of an entity: where it came from, its model and entity id (from serdes/meta), its keys. */
    record Doc(String file, String model, String entityId, ObjectNode node) {}

    void run(Handle h, Bundle bundle, boolean continueOnError, ImportLog log, ContentReader reader, ContentWriter writer) {
        Map<String, String> settingValues = null;
        List<Doc> docs = new ArrayList<>();
        for (Rejected tooLarge : bundle.refused()) { // over the per-file limit: skipped like any unreadable file
            if (!continueOnError) throw tooLarge;
            log.error(tooLarge);
        }
        for (Map.Entry<String, byte[]> file : bundle.files().entrySet()) {
            String path = file.getKey();
            try {
                if (path.equals(SettingsFile.PATH)) {
                    settingValues = SettingsFile.read(Yaml.read(path, file.getValue()), log);
                } else if (path.startsWith("collections/") && path.endsWith(".yaml")) {
                    docs.add(doc(path, file.getValue()));
                } else if (Bundle.TOP_LEVEL.contains(path.split("/")[0])) {
                    log.warn(path, "skipped: Latchkey stores no databases, snippets or actions");
                }
            } catch (Rejected r) {
                if (!continueOnError) throw r;
                log.error(r);
            }
        }
        Map<String, Map<String, Long>> existing = reader.existing(h);
        ImportPlan plan = ImportPlan.build(docs, ContentReader.keys(existing), continueOnError, log);
        writer.apply(h, plan, existing, continueOnError, log);
        if (settingValues != null) applySettings(h, settingValues, log);
    }

    private void applySettings(Handle h, Map<String, String> values, ImportLog log) {
        values.forEach((key, value) -> {
            if (value == null) settings.remove(h, key); else settings.put(h, key, value);
        });
        log.info("Updated Settings: " + String.join(", ", values.keySet()));
    }

    /** Parses an entity file and reads its identity from serdes/meta; the last path element names it. */
    static Doc doc(String path, byte[] bytes) {
        ObjectNode node = Yaml.read(path, bytes);
        JsonNode meta = node.get("serdes/meta");
        if (meta == null || !meta.isArray() || meta.isEmpty() || !meta.get(meta.size() - 1).isObject()) {
            throw new Rejected(path, "serdes/meta must be a non-empty list of {model, id, label}");
        }
        JsonNode last = meta.get(meta.size() - 1);
        String model = last.path("model").asText("");
        String id = last.path("id").asText("");
        if (model.isBlank() || id.isBlank()) throw new Rejected(path, "serdes/meta's last element needs a model and an id");
        return new Doc(path, model, id, node);
    }
}
