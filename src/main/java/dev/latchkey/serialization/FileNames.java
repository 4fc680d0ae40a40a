package dev.latchkey.serialization;

import java.text.Normalizer;
import java.util.Locale;

/**
 * File-name pieces in Metabase's serialization style: labels are names with letters of any script kept
 * ("Revenue by month" -> "revenue_by_month", at most 100 characters); a file is "<entity_id>_<label>". Not the
 * collection slug (content.Slugs, Metabase's slugify, which URL-encodes non-ASCII): Metabase uses both.
 */
final class FileNames {
    static final int MAX_LABEL = 100;

    private FileNames() {}

    static String label(String name) {
        if (name == null) return "";
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        plain.codePoints().limit(MAX_LABEL).forEach(c -> out.appendCodePoint(Character.isLetterOrDigit(c) ? c : '_'));
        return out.toString();
    }

    /** One path segment: "<entity_id>_<label>", with the label made safe even if it came from stored data. */
    static String segment(String entityId, String label) {
        String safe = label == null ? "" : label.replace("/", "__SLASH__").replace("\\", "__BACKSLASH__");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) safe = "_";
        return entityId + "_" + safe;
    }
}
