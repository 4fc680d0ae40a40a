package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Issue 17: `GET /api/user` at 20,000 people. The people list sorts by lower-case first name, lower-case last name
 * and id; two generated columns hold the first two, so one plain index serves the sort on every database (H2 and
 * MariaDB 10.11 cannot index an expression, and MariaDB's optimizer does not match one to a virtual column). The
 * syntax for a generated column differs, hence a Java migration rather than portable SQL.
 *
 * Substring search (`query=`, LIKE '%x%' on lower(first_name), lower(last_name), lower(email)): on PostgreSQL a
 * trigram GIN index per column (pg_trgm) serves it. Where the extension cannot be created (it needs CREATE on the
 * database; pg_trgm is a trusted extension since PostgreSQL 13) the migration goes on without it and the search
 * scans, as it does on H2 and MariaDB, which have no index for infix LIKE (README: "People at scale").
 */
public class V40__people_sort_and_search extends BaseJavaMigration {
    private static final String FIRST = "COALESCE(LOWER(first_name), '')";
    private static final String LAST = "COALESCE(LOWER(last_name), '')";

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        try (Statement s = c.createStatement()) {
            if (product.contains("postgres")) {
                s.execute("ALTER TABLE core_user ADD COLUMN sort_first_name VARCHAR(254) GENERATED ALWAYS AS (" + FIRST + ") STORED");
                s.execute("ALTER TABLE core_user ADD COLUMN sort_last_name VARCHAR(254) GENERATED ALWAYS AS (" + LAST + ") STORED");
            } else if (product.contains("h2")) {
                s.execute("ALTER TABLE core_user ADD COLUMN sort_first_name VARCHAR(254) GENERATED ALWAYS AS (" + FIRST + ")");
                s.execute("ALTER TABLE core_user ADD COLUMN sort_last_name VARCHAR(254) GENERATED ALWAYS AS (" + LAST + ")");
            } else {
                s.execute("ALTER TABLE core_user ADD COLUMN sort_first_name VARCHAR(254) AS (" + FIRST + ") PERSISTENT, "
                        + "ADD COLUMN sort_last_name VARCHAR(254) AS (" + LAST + ") PERSISTENT");
            }
            s.execute("CREATE INDEX idx_core_user_sort ON core_user (sort_first_name, sort_last_name, id, type, is_active)");
            if (product.contains("postgres") && trigrams(c)) {
                for (String column : List.of("first_name", "last_name", "email")) {
                    s.execute("CREATE INDEX idx_core_user_" + column + "_trgm ON core_user USING gin (LOWER(" + column + ") gin_trgm_ops)");
                }
            }
        }
    }

    /** Creates pg_trgm if it can; a refusal is rolled back to a savepoint so the rest of the migration stands. */
    private static boolean trigrams(Connection c) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            c.rollback(before);
            org.slf4j.LoggerFactory.getLogger(V40__people_sort_and_search.class).warn(
                    "pg_trgm is not available ({}): people search (GET /api/user?query=) will scan core_user", e.getMessage());
            return false;
        }
    }
}
