package dev.latchkey.serialization;

import dev.latchkey.settings.Settings;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the files of an export from the database, inside the caller's (read-only) transaction. The output
 * depends only on the stored content and the options, never on the clock, so unchanged content exports to
 * identical bytes. export.log is part of the output and follows the same rule.
 */
final class Exporter {
    private final Settings settings;

    Exporter(Settings settings) {
        this.settings = settings;
    }

    SortedMap<String, byte[]> export(Handle h, ExportOptions options) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        List<String> log = new ArrayList<>();
        log.add("Latchkey serialization export");
        log.add("Options: collection=" + options.collections() + " all_collections=" + options.allCollections()
                + " settings=" + options.settings() + " data_model=" + options.dataModel()
                + " field_values=" + options.fieldValues() + " database_secrets=" + options.databaseSecrets());
        if (options.settings()) {
            files.put(SettingsFile.PATH, SettingsFile.write(key -> settings.get(h, key)));
            log.add("Exported Settings to " + SettingsFile.PATH);
        }
        if (options.dataModel() || options.fieldValues() || options.databaseSecrets()) {
            log.add("Latchkey stores no databases, tables, fields or connection details: data_model, field_values "
                    + "and database_secrets add nothing");
        }
        log.add("Export finished: " + files.size() + " files");
        files.put(SerializationService.EXPORT_LOG, (String.join("\n", log) + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }
}
