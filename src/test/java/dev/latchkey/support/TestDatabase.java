package dev.latchkey.support;

import dev.latchkey.db.DbType;
import dev.latchkey.app.Config;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test app. LATCHKEY_TEST_DB selects the server: h2 (default, a file under
 * target/), postgres (127.0.0.1:5432, trust auth) or mariadb (127.0.0.1:3306, root). Each instance creates its
 * own database and drops it on close, so test runs never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String KIND = System.getenv().getOrDefault("LATCHKEY_TEST_DB", "h2").toLowerCase(Locale.ROOT);
    private static final String PG_ADMIN = env("LATCHKEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("LATCHKEY_TEST_PG_USER", "postgres");
    private static final String MARIA_ADMIN = env("LATCHKEY_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    private static final String MARIA_USER = env("LATCHKEY_TEST_MARIADB_USER", "root");

    private final String name = "lk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final DbType type;
    private final String url;
    private final String user;

    public TestDatabase() {
        switch (KIND) {
            case "postgres", "postgresql" -> {
                type = DbType.POSTGRES;
                admin(PG_ADMIN, PG_USER, "CREATE DATABASE " + name);
                url = PG_ADMIN.substring(0, PG_ADMIN.lastIndexOf('/') + 1) + name;
                user = PG_USER;
            }
            case "mariadb", "mysql" -> {
                type = DbType.MYSQL;
                admin(MARIA_ADMIN, MARIA_USER, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
                url = MARIA_ADMIN.substring(0, MARIA_ADMIN.lastIndexOf('/') + 1) + name;
                user = MARIA_USER;
            }
            case "h2" -> {
                type = DbType.H2;
                Path file = Path.of("target", "test-db", name).toAbsolutePath();
                url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
                user = null;
            }
            default -> throw new IllegalStateException("LATCHKEY_TEST_DB must be h2, postgres or mariadb, got " + KIND);
        }
    }

    public DbType type() { return type; }

    public String url() { return url; }

    public String user() { return user; }

    /** The app's configuration on this database: random port, fast bcrypt, everything else at defaults. */
    public Config config() {
        return Config.fromEnv(java.util.Map.of()).withDatabase(type, url, user, null).withPort(0).withBcryptCost(4);
    }

    @Override
    public void close() {
        try {
            switch (type) {
                case POSTGRES -> admin(PG_ADMIN, PG_USER, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                case MYSQL -> admin(MARIA_ADMIN, MARIA_USER, "DROP DATABASE IF EXISTS " + name);
                case H2 -> { /* files under target/ go with mvn clean */ }
            }
        } catch (RuntimeException ignored) {
            // best effort: a leftover test database is harmless
        }
    }

    private static void admin(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, null); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
