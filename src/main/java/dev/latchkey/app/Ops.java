package dev.latchkey.app;

import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.SessionService;
import dev.latchkey.db.Database;
import dev.latchkey.docs.DocsRoutes;
import dev.latchkey.metrics.Metrics;
import dev.latchkey.metrics.MetricsServer;
import dev.latchkey.provisioning.Invalid;
import dev.latchkey.provisioning.Provisioner;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;
import io.javalin.Javalin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operational parts of the app (issue 16), kept out of App so its wiring stays a few lines: metrics and their
 * listener, the API document, provisioning from MB_CONFIG_FILE_PATH.
 */
final class Ops implements AutoCloseable {
    private final Config config;
    private final Clock clock;
    private final Metrics metrics = new Metrics();
    private final AuditLog auditLog;
    private MetricsServer server;

    Ops(Config config, Clock clock, Database db, String auditSource) {
        this.config = config;
        this.clock = clock;
        this.auditLog = new AuditLog(auditSource);
        db.bindMetrics(metrics.registry());
    }

    AuditLog auditLog() { return auditLog; }

    Metrics metrics() { return metrics; }

    Routes docs(Supplier<List<Web.RouteInfo>> routes) { return new DocsRoutes(routes, App.VERSION); }

    /** Reads the features' public getters; none of them knows about metrics. */
    void instrument(Javalin web, AuditLog audit, SessionService sessions, ApiKeyService apiKeys) {
        metrics.bindJetty(web.jettyServer().threadPool());
        metrics.counter("latchkey_audit_rows_written", "Audit rows committed", audit, AuditLog::rowsWritten);
        metrics.counter("latchkey_login_throttle_refusals", "Sign-ins refused by the login throttle", sessions,
                SessionService::throttleRefusals);
        metrics.counter("latchkey_key_cache_hits", "API-key cache hits", apiKeys, k -> k.cacheStats().hits());
        metrics.counter("latchkey_key_cache_misses", "API-key cache misses (each one a database read)", apiKeys,
                k -> k.cacheStats().misses());
        metrics.gauge("latchkey_key_cache_size", "API-key cache entries", () -> apiKeys.cacheStats().size());
        metrics.gauge("latchkey_key_cache_hit_ratio", "API-key cache hits / lookups since start-up (NaN before the first)", () -> {
            ApiKeyService.CacheStats s = apiKeys.cacheStats();
            return s.hits() + s.misses() == 0 ? Double.NaN : (double) s.hits() / (s.hits() + s.misses());
        });
    }

    /**
     * Applies the config file through an app of its own whose audit rows say "config-file", before this one
     * serves. Everything in the file is applied in one transaction or not at all.
     */
    void provision() {
        Path file = config.ops().configFile();
        if (file == null) return;
        try (App app = new App(config.withOperations(Config.Operations.NONE), clock, "config-file")) {
            App.AdminServices a = app.admin();
            new Provisioner(app.database(), a.settings(), a.people(), a.groups(), a.apiKeys(), a.setup(), a.passwords(), a.audit())
                    .apply(file, System.getenv());
        } catch (Invalid e) {
            throw new Config.ConfigException("MB_CONFIG_FILE_PATH " + file + ": " + e.getMessage() + " (nothing in the file was applied)");
        }
    }

    void start() {
        Integer port = config.ops().prometheusPort();
        if (port != null) server = new MetricsServer(config.host(), port, metrics);
    }

    int metricsPort() { return server == null ? -1 : server.port(); }

    @Override
    public void close() {
        if (server != null) server.close();
        metrics.close();
    }
}
