package dev.latchkey.db;

import java.sql.SQLException;

/** Recognises database errors that mean "someone else got there first", on every supported database. */
public final class SqlErrors {
    private SqlErrors() {}

    /** True for a unique-constraint violation: SQLState 23505 (H2, PostgreSQL) or 23000 + 1062 (MariaDB/MySQL). */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if ("23505".equals(s.getSQLState())) return true;
                    if (s.getErrorCode() == 1062) return true;
                    if ("23000".equals(s.getSQLState()) && s.getMessage() != null && s.getMessage().contains("Duplicate")) return true;
                }
            }
        }
        return false;
    }

    /**
     * True for a violation of one named unique constraint, so a caller can tell "email taken" from another clash
     * in the same transaction. Every supported database names the constraint in its message.
     */
    public static boolean isUniqueViolation(Throwable error, String constraint) {
        if (!isUniqueViolation(error)) return false;
        String wanted = constraint.toLowerCase(java.util.Locale.ROOT);
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains(wanted)) return true;
        }
        return false;
    }

    /** True for a foreign-key violation (a row it points at is gone): 23503 (H2, PostgreSQL) or 1452/1451 (MariaDB). */
    public static boolean isForeignKeyViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if ("23503".equals(s.getSQLState()) || "23506".equals(s.getSQLState())) return true;
                if (s.getErrorCode() == 1452 || s.getErrorCode() == 1451) return true;
            }
        }
        return false;
    }

    /** True for a serialization failure or deadlock, which a caller may retry. */
    public static boolean isRetryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ("40001".equals(state) || "40P01".equals(state) || s.getErrorCode() == 1213) return true;
            }
        }
        return false;
    }
}
