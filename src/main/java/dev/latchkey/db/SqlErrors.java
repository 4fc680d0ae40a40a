package dev.latchkey.db;

import java.sql.SQLException;
import java.util.Locale;

/**
 * The one place that reads database errors: what kind of refusal an exception carries, on every supported
 * database (H2, PostgreSQL, MariaDB). Every translation site asks {@link #classify}; none walks causes itself.
 */
public final class SqlErrors {
    private SqlErrors() {}

    /** What a database error means to the caller. */
    public enum Kind {
        /** A unique constraint: someone else got there first (23505; MariaDB 23000 + 1062). */
        UNIQUE,
        /** A foreign key: a row it points at is gone, or is still pointed at (23503/23506; MariaDB 1451/1452). */
        FOREIGN_KEY,
        /** A serialization failure or deadlock: roll back and run again (40001, 40P01; MariaDB 1213). */
        RETRYABLE,
        /** A data exception: a value too long or out of range (SQLState class 22): the input's fault. */
        DATA,
        /** A lock wait that timed out (H2's HYT00 / 50200; MariaDB 1205). */
        TIMEOUT,
        /** Anything else, or no database error at all. */
        OTHER
    }

    /** The kind of the first database error down the cause chain (and its chained next exceptions). */
    public static Kind classify(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    Kind kind = kindOf(s);
                    if (kind != Kind.OTHER) return kind;
                }
            }
            if (t.getCause() == t) break;
        }
        return Kind.OTHER;
    }

    private static Kind kindOf(SQLException s) {
        String state = s.getSQLState() == null ? "" : s.getSQLState();
        int code = s.getErrorCode();
        if (state.equals("23505") || code == 1062) return Kind.UNIQUE;
        if (state.equals("23503") || state.equals("23506") || code == 1451 || code == 1452) return Kind.FOREIGN_KEY;
        if (state.equals("23000") && s.getMessage() != null && s.getMessage().contains("Duplicate")) return Kind.UNIQUE;
        if (state.equals("40001") || state.equals("40P01") || code == 1213) return Kind.RETRYABLE;
        if (state.equals("HYT00") || code == 50200 || code == 1205) return Kind.TIMEOUT;
        if (state.startsWith("22")) return Kind.DATA;
        return Kind.OTHER;
    }

    /** True for a unique-constraint violation. */
    public static boolean isUniqueViolation(Throwable error) { return classify(error) == Kind.UNIQUE; }

    /**
     * True for a violation of one named unique constraint, so a caller can tell "email taken" from another clash
     * in the same transaction. Every supported database names the constraint in its message.
     */
    public static boolean isUniqueViolation(Throwable error, String constraint) {
        if (!isUniqueViolation(error)) return false;
        String wanted = constraint.toLowerCase(Locale.ROOT);
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(wanted)) return true;
        }
        return false;
    }
}
