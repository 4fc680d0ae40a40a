package dev.latchkey.permissions;

import dev.latchkey.core.AppError;

import java.util.Locale;

/** A right on one collection, as the graph spells it: none < read < write. */
public enum Level {
    NONE, READ, WRITE;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public boolean canRead() { return this != NONE; }

    public boolean canWrite() { return this == WRITE; }

    public Level max(Level other) { return compareTo(other) >= 0 ? this : other; }

    /** "read" / "write" / "none"; anything else is a 400 naming the field. */
    public static Level parse(String field, String value) {
        if (value != null) {
            switch (value) {
                case "none": return NONE;
                case "read": return READ;
                case "write": return WRITE;
                default: break;
            }
        }
        throw AppError.invalid(field, "value must be one of \"read\", \"write\" or \"none\".", value);
    }
}
