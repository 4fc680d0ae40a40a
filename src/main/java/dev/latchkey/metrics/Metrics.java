package dev.latchkey.metrics;

import dev.latchkey.auth.AuthListener;
import dev.latchkey.web.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.util.thread.ThreadPool;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.DoubleSupplier;
import java.util.function.ToLongFunction;

/**
 * Latchkey's Prometheus metrics (issue 16). Features know nothing of this class: it listens through the small
 * interfaces they expose ({@link RequestObserver}, {@link AuthListener}) and reads their public getters.
 * <p>
 * Cardinality is bounded by construction: HTTP series are labelled with the route template (or "unmatched" /
 * "static"), the method and the status code; authentication series with two small enums. No label ever holds a
 * raw path, a key id, a user or an address.
 */
public final class Metrics implements RequestObserver, AuthListener, AutoCloseable {
    /** Latency buckets (seconds) of the HTTP histogram: a fixed dozen, not the hundreds of a percentile histogram. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> authCounters = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private JettyServerThreadPoolMetrics jetty;

    public Metrics() {
        // two of Micrometer's names fail `promtool check metrics` lint: keep the exposition clean
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) { return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical") : id; }
        });
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The registry, for HikariCP's Micrometer tracker (hikaricp_connections_*). */
    public MeterRegistry registry() { return registry; }

    /** Jetty's request threads and queue (jetty_threads_*). */
    public void bindJetty(ThreadPool pool) {
        jetty = new JettyServerThreadPoolMetrics(pool, List.of());
        jetty.bindTo(registry);
    }

    /** A counter read from a feature's getter, e.g. audit rows written or login throttle refusals. */
    public <T> void counter(String name, String help, T owner, ToLongFunction<T> read) {
        FunctionCounter.builder(name, owner, o -> read.applyAsLong(o)).description(help).register(registry);
    }

    /** A gauge read from a feature's getter. */
    public void gauge(String name, String help, DoubleSupplier read) {
        Gauge.builder(name, read, DoubleSupplier::getAsDouble).description(help).strongReference(true).register(registry);
    }

    /**
     * How far behind the changes made by other instances this one is, in seconds. Registered by whoever knows
     * (the cross-instance change feed); absent until then, rather than a made-up 0.
     */
    public void propagationLag(DoubleSupplier seconds) {
        gauge("latchkey_propagation_lag_seconds", "Age of the newest change from another instance not yet applied here", seconds);
    }

    @Override
    public void finished(String method, String route, int status, double seconds) {
        String key = method + ' ' + route + ' ' + status;
        requestTimers.computeIfAbsent(key, k -> Timer.builder("latchkey_http_requests")
                        .description("HTTP requests by route template, method and status")
                        .tags("method", method, "route", route, "status", Integer.toString(status))
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    @Override
    public void attempted(Method method, Outcome outcome) {
        String key = method.name() + ' ' + outcome.name();
        authCounters.computeIfAbsent(key, k -> Counter.builder("latchkey_authentications")
                        .description("Authentication attempts by method and outcome")
                        .tags("method", method.name().toLowerCase(Locale.ROOT), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry))
                .increment();
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() { return registry.scrape(); }

    /** The exposition in the format the scraper asked for (its Accept header): text or OpenMetrics. */
    String scrape(String contentType) { return registry.scrape(contentType); }

    @Override
    public void close() {
        gc.close();
        if (jetty != null) {
            try {
                jetty.close();
            } catch (Exception e) {
                // closing only unregisters; nothing to recover
            }
        }
        registry.close();
    }
}
