package dev.latchkey.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.util.Map;

/**
 * The connection pool, the schema migrations and the Jdbi handle factory. Migrations are portable SQL; the
 * few types that differ between H2, PostgreSQL and MariaDB come in as Flyway placeholders.
 */
public final class Database implements AutoCloseable {
    private static final int ATTEMPTS = 3;
    private final HikariConfig poolConfig;
    private volatile HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final javax.sql.DataSource pool;
    private final DbType type;
    private final Availability availability;
    private final StatementCounter statements = new StatementCounter();

    public Database(DbSettings config) {
        this.type = config.type();
        HikariConfig hc = new HikariConfig();
        String url = type == DbType.H2 ? durableH2(config.jdbcUrl()) : config.jdbcUrl();
        hc.setJdbcUrl(url);
        if (config.user() != null) hc.setUsername(config.user());
        if (config.password() != null) hc.setPassword(config.password());
        hc.setPoolName("latchkey");
        hc.setMaximumPoolSize(type == DbType.H2 ? 8 : 16);
        hc.setInitializationFailTimeout(10_000);
        // An unreachable database must cost a request at most about 2 s (then 503), not the pool's default 30 s.
        hc.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hc.setValidationTimeout(1_000);
        driverTimeouts(type).forEach(hc::addDataSourceProperty);
        if (type == DbType.MYSQL) {
            hc.addDataSourceProperty("sessionVariables", "sql_mode='ANSI_QUOTES,STRICT_ALL_TABLES,NO_ZERO_DATE'");
        }
        this.poolConfig = hc;
        try {
            this.dataSource = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new DatabaseUnreachable("Cannot connect to the " + type + " database at " + redact(config.jdbcUrl())
                    + " (check MB_DB_* settings): " + rootMessage(e));
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(placeholders(type))
                .load()
                .migrate();
        this.pool = new CurrentPool(() -> dataSource);
        this.jdbi = Jdbi.create(pool);
        // Statement errors reach logs: never with the SQL or its bound values (a session digest, a password hash).
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        jdbi.setSqlLogger(statements);
        this.availability = new Availability(type == DbType.H2 ? () -> dataSource.getConnection()
                : () -> java.sql.DriverManager.getConnection(url, probeProperties(config)), this::renewEmptyPool);
    }

    /** The pool's connections, for a library that runs its own statements (Bucket4j's shared rate-limit buckets). */
    public javax.sql.DataSource dataSource() { return pool; }

    /**
     * Caps the pool at {@code size} connections from now on (tests of what happens on a tiny pool): idle connections
     * above it close at once, connections in use when they are given back.
     */
    public synchronized void limitPool(int size) {
        poolConfig.setMinimumIdle(Math.min(poolConfig.getMinimumIdle() < 0 ? size : poolConfig.getMinimumIdle(), size));
        poolConfig.setMaximumPoolSize(size);
        var live = dataSource.getHikariConfigMXBean();
        live.setMinimumIdle(Math.min(live.getMinimumIdle(), size));
        live.setMaximumPoolSize(size);
        dataSource.getHikariPoolMXBean().softEvictConnections();
    }

    /** Whether the database can be reached now (for /api/health and outage answers). */
    public Availability availability() { return availability; }

    /** Every statement run through Jdbi, counted (tests assert that cached requests make none). */
    public StatementCounter statements() { return statements; }

    /**
     * Runs reads in one REPEATABLE READ transaction: a consistent snapshot for an answer streamed while it is read
     * (the permission graph, every membership). Not retried: the body may already be on its way.
     */
    public <X extends Exception> void readSnapshot(org.jdbi.v3.core.HandleConsumer<X> reads) throws X {
        jdbi.useTransaction(TransactionIsolationLevel.REPEATABLE_READ, reads);
    }

    /** One schema migration as Flyway sees it: applied (Success), Pending, Failed, ... */
    public record Migration(String version, String description, String state, java.time.Instant installedOn) {}

    /** The migrations and their state, read without migrating anything (the admin CLI's `migrate status`). */
    public static java.util.List<Migration> migrationStatus(DbSettings config) {
        var info = Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password()).locations("classpath:db/migration")
                .placeholders(placeholders(config.type())).load().info();
        return java.util.Arrays.stream(info.all()).map(m -> new Migration(m.getVersion() == null ? "" : m.getVersion().toString(),
                m.getDescription(), m.getState().getDisplayName(), m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant())).toList();
    }

    public DbType type() { return type; }

    /** Publishes the pool's metrics (hikaricp_connections_*) to a Micrometer registry; once per pool. */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        dataSource.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
    }

    /**
     * Runs the callback in one transaction (read committed); commits on return, rolls back on any exception. A
     * transaction the database chose as a deadlock victim (or failed to serialise) is rolled back and run again, up
     * to ATTEMPTS times in all: that is two writers racing, which must not surface as a 500. Callbacks therefore
     * keep their effects inside the transaction (cache invalidation, which is idempotent, is the one exception).
     */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
        return inTransaction(callback, e -> false);
    }

    /**
     * As above, also running again (within the same ATTEMPTS) when {@code alsoRetry} accepts the error: for a
     * callback that draws something random that may clash (a key id), so there is one retry loop, not two nested.
     */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback,
                                                     java.util.function.Predicate<RuntimeException> alsoRetry) throws X {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
            } catch (RuntimeException e) {
                boolean retry = SqlErrors.classify(e) == SqlErrors.Kind.RETRYABLE || alsoRetry.test(e);
                if (attempt >= ATTEMPTS || !retry) throw e;
            }
        }
    }

    public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
        return jdbi.withHandle(callback);
    }

    /** As inTransaction, with nothing to return. */
    public void useTransaction(java.util.function.Consumer<Handle> work) {
        inTransaction(h -> {
            work.accept(h);
            return null;
        });
    }

    @Override
    public void close() {
        availability.close();
        dataSource.close();
    }

    /**
     * After an outage: a pool that lost every connection is replaced by a fresh one, which connects at once
     * (HikariCP's own retry backs off up to 5 s). The old pool is closed a few seconds later, when requests that
     * were waiting on it have had their answer. A pool that still has connections is kept.
     */
    private synchronized void renewEmptyPool() {
        HikariDataSource old = dataSource;
        var pool = old.getHikariPoolMXBean();
        if (pool != null && pool.getTotalConnections() > 0) return;
        HikariConfig fresh = new HikariConfig();
        poolConfig.copyStateTo(fresh);
        fresh.setInitializationFailTimeout(-1);
        dataSource = new HikariDataSource(fresh);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            old.close();
        }, "latchkey-old-pool-closer");
        closer.setDaemon(true);
        closer.start();
    }

    /** Pool wait for a connection: with the database down, a request gets its 503 after this. */
    static final long CONNECTION_TIMEOUT_MS = 2_000;

    /**
     * H2 writes committed transactions to its file up to WRITE_DELAY (500 ms) later: a kill -9 lost commits that
     * had already been acknowledged. WRITE_DELAY=0 writes each commit before the statement returns, unless the
     * operator's own URL sets WRITE_DELAY.
     */
    static String durableH2(String url) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url : url + ";WRITE_DELAY=0";
    }

    /** Driver connect timeouts, so a refused or silent database fails a connection attempt in seconds. */
    private static Map<String, String> driverTimeouts(DbType type) {
        return switch (type) {
            case H2 -> Map.of();
            case POSTGRES -> Map.of("connectTimeout", "2", "loginTimeout", "2");
            case MYSQL -> Map.of("connectTimeout", "2000");
        };
    }

    private static java.util.Properties probeProperties(DbSettings config) {
        java.util.Properties p = new java.util.Properties();
        if (config.user() != null) p.setProperty("user", config.user());
        if (config.password() != null) p.setProperty("password", config.password());
        p.putAll(driverTimeouts(config.type()));
        if (config.type() == DbType.POSTGRES) p.setProperty("socketTimeout", "2");
        if (config.type() == DbType.MYSQL) p.setProperty("socketTimeout", "2000");
        return p;
    }

    static Map<String, String> placeholders(DbType type) {
        return switch (type) {
            case H2 -> Map.of("id", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "text", "CLOB");
            case POSTGRES -> Map.of("id", "BIGSERIAL PRIMARY KEY", "text", "TEXT");
            case MYSQL -> Map.of("id", "BIGINT AUTO_INCREMENT PRIMARY KEY", "text", "LONGTEXT");
        };
    }

    private static String redact(String url) { return url.replaceAll("password=[^&;]*", "password=***"); }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
