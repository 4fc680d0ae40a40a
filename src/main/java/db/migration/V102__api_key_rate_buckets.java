package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;
import java.util.Locale;

/**
 * Issue 14: one row per rate-limited key (and limit), Bucket4j's token-bucket state, shared by every instance on
 * PostgreSQL and MariaDB (H2 keeps buckets in memory; the table exists and stays empty there). The id is
 * {@code <api_key.id>:<requests>/<per_seconds>}, so a changed limit starts from a fresh bucket. Java because the
 * binary column type differs.
 */
public class V102__api_key_rate_buckets extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String bytes = product.contains("postgres") ? "BYTEA" : product.contains("h2") ? "VARBINARY(4096)" : "BLOB";
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("CREATE TABLE api_key_rate_bucket (id VARCHAR(64) NOT NULL PRIMARY KEY, state " + bytes + ")");
        }
    }
}
