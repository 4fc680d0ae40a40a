package dev.latchkey.serialization;

import java.util.ArrayList;
import java.util.List;

/**
 * The plain-text log an import returns: one line per file imported, skipped or refused, then a summary. The
 * same text is the 200 body on success and the 400 body on failure, so a person sees what to fix.
 */
final class ImportLog {
    private final List<String> lines = new ArrayList<>();
    private int created;
    private int updated;
    private int errors;

    void info(String line) { lines.add(line); }

    void warn(String file, String message) { lines.add("WARN " + file + ": " + message); }

    void error(Rejected rejected) {
        errors++;
        lines.add("ERROR " + rejected.line());
    }

    void imported(String model, String entityId, String name, boolean wasCreated) {
        if (wasCreated) created++; else updated++;
        lines.add((wasCreated ? "Created " : "Updated ") + model + " " + entityId + " " + quoted(name));
    }

    int errors() { return errors; }

    int created() { return created; }

    int updated() { return updated; }

    /** The log with its closing summary line. */
    String finish(boolean applied) {
        List<String> out = new ArrayList<>(lines);
        out.add(applied
                ? "Import finished: " + created + " created, " + updated + " updated, " + errors + " skipped with errors."
                : "Import failed with " + errors + (errors == 1 ? " error" : " errors") + ": nothing was changed.");
        return String.join("\n", out) + "\n";
    }

    static String quoted(String name) { return name == null ? "" : "\"" + name.replace("\"", "\\\"") + "\""; }
}
