package dev.latchkey.metrics;

import dev.latchkey.app.Config;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** MB_PROMETHEUS_SERVER_PORT: /metrics on its own listener, valid for promtool, bounded in cardinality. */
class MetricsTest {
    static TestApp app;
    static String key;

    @BeforeAll
    static void start() {
        app = TestApp.start(c -> c.withOperations(c.ops().withPrometheusPort(0)));
        long group = app.api.as(app.admin).get("/api/permissions/group").expect(200).json().get(0).get("id").asLong();
        key = app.api.as(app.admin).post("/api/api-key", Map.of("name", "Metrics", "group_id", group)).expect(200)
                .json().get("unmasked_key").asText();
    }

    @AfterAll
    static void stop() { app.close(); }

    static HttpResponse<String> metrics(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.app.metricsPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String scrape() {
        HttpResponse<String> r = metrics("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        return r.body();
    }

    /** The value of one series, e.g. value(text, "latchkey_authentications_total{method=\"key\",outcome=\"ok\"}"). */
    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
        return 0;
    }

    @Test
    void the_listener_is_separate_from_the_api_and_serves_only_metrics() {
        assertThat(app.app.metricsPort()).isPositive().isNotEqualTo(app.app.port());
        assertThat(metrics("/api/user/current").statusCode()).isEqualTo(404);
        app.api.anonymous().get("/metrics").expect(200); // the public port has no metrics: the admin UI's shell answers
        assertThat(app.api.anonymous().get("/metrics").text()).doesNotContain("latchkey_http_requests");
    }

    @Test
    void the_text_passes_promtool_check_metrics() throws Exception {
        app.api.withKey(key).get("/api/user/current").expect(200);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // promtool exits 0 when the text parses; lint remarks (naming style) are printed but are not errors
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void jvm_jetty_pool_and_own_metrics_are_all_there() {
        app.api.withKey(key).get("/api/user/current").expect(200);
        String text = scrape();
        for (String name : new String[]{"jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "jetty_threads_current", "jetty_threads_busy", "jetty_threads_jobs", "hikaricp_connections_active",
                "hikaricp_connections_max", "latchkey_http_requests_seconds_bucket", "latchkey_authentications_total",
                "latchkey_key_cache_size", "latchkey_key_cache_hit_ratio", "latchkey_key_cache_hits_total",
                "latchkey_key_cache_misses_total", "latchkey_audit_rows_written_total", "latchkey_login_throttle_refusals_total"}) {
            assertThat(text).as(name).contains("\n" + name);
        }
        // no instance here knows another one's changes: the lag is absent, not a made-up zero
        assertThat(text).doesNotContain("latchkey_propagation_lag_seconds");
    }

    @Test
    void requests_are_counted_by_route_template_method_and_status_with_latency_buckets() {
        String series = "latchkey_http_requests_seconds_count{method=\"GET\",route=\"/api/permissions/group/{id}\",status=\"404\"}";
        double before = value(scrape(), series);
        app.api.as(app.admin).get("/api/permissions/group/987654").expect(404);
        app.api.as(app.admin).get("/api/permissions/group/987655").expect(404);
        String text = scrape();
        assertThat(value(text, series)).isEqualTo(before + 2);
        assertThat(text).contains("latchkey_http_requests_seconds_bucket{method=\"GET\",route=\"/api/permissions/group/{id}\",status=\"404\",le=\"0.1\"}");
        assertThat(text).doesNotContain("987654");
    }

    @Test
    void authentications_are_counted_by_method_and_outcome() {
        String text = scrape();
        double ok = value(text, "latchkey_authentications_total{method=\"key\",outcome=\"ok\"}");
        double wrong = value(text, "latchkey_authentications_total{method=\"key\",outcome=\"wrong_secret\"}");
        double unknown = value(text, "latchkey_authentications_total{method=\"key\",outcome=\"unknown\"}");
        double sessionUnknown = value(text, "latchkey_authentications_total{method=\"session\",outcome=\"unknown\"}");
        app.api.withKey(key).get("/api/user/current").expect(200);
        String wrongSecret = key.substring(0, 20) + (key.charAt(20) == 'A' ? 'B' : 'A') + key.substring(21);
        app.api.withKey(wrongSecret).get("/api/user/current").expect(401); // the checksum fails: malformed, so unknown
        app.api.withKey("lk_notakey").get("/api/user/current").expect(401);
        app.api.withSession("00000000-0000-0000-0000-000000000000").get("/api/user/current").expect(401);
        text = scrape();
        assertThat(value(text, "latchkey_authentications_total{method=\"key\",outcome=\"ok\"}")).isEqualTo(ok + 1);
        assertThat(value(text, "latchkey_authentications_total{method=\"key\",outcome=\"unknown\"}")).isEqualTo(unknown + 2);
        assertThat(value(text, "latchkey_authentications_total{method=\"key\",outcome=\"wrong_secret\"}")).isEqualTo(wrong);
        assertThat(value(text, "latchkey_authentications_total{method=\"session\",outcome=\"unknown\"}")).isEqualTo(sessionUnknown + 1);
    }

    @Test
    void a_wrong_secret_for_a_real_key_id_counts_as_wrong_secret() {
        double before = value(scrape(), "latchkey_authentications_total{method=\"key\",outcome=\"wrong_secret\"}");
        String body = key.substring(0, 30) + (key.charAt(30) == 'A' ? 'B' : 'A') + key.substring(31, 61);
        app.api.withKey(body + dev.latchkey.apikeys.ApiKeySecrets.checksum(body)).get("/api/user/current").expect(401);
        assertThat(value(scrape(), "latchkey_authentications_total{method=\"key\",outcome=\"wrong_secret\"}")).isEqualTo(before + 1);
    }

    @Test
    void login_throttle_refusals_and_audit_rows_are_counted() {
        String text = scrape();
        double refusals = value(text, "latchkey_login_throttle_refusals_total");
        double audit = value(text, "latchkey_audit_rows_written_total");
        for (int i = 0; i < 11; i++) {
            app.api.anonymous().post("/api/session", Map.of("username", "nobody@example.com", "password", "wrong")).expect(401);
        }
        app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Counted")).expect(200);
        text = scrape();
        assertThat(value(text, "latchkey_login_throttle_refusals_total")).isEqualTo(refusals + 1);
        assertThat(value(text, "latchkey_authentications_total{method=\"password\",outcome=\"throttled\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "latchkey_audit_rows_written_total")).isEqualTo(audit + 1);
    }

    @Test
    void key_cache_lookups_are_counted_as_hits_and_misses() {
        String before = scrape();
        double hits = value(before, "latchkey_key_cache_hits_total");
        double misses = value(before, "latchkey_key_cache_misses_total");
        // three lookups of one key: entries live 10 s, so at most one of them can find an expired entry
        for (int i = 0; i < 3; i++) app.api.withKey(key).get("/api/user/current").expect(200);
        String text = scrape();
        double newHits = value(text, "latchkey_key_cache_hits_total") - hits;
        assertThat(newHits + value(text, "latchkey_key_cache_misses_total") - misses).isEqualTo(3);
        assertThat(newHits).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "latchkey_key_cache_size")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "latchkey_key_cache_hit_ratio")).isBetween(0.0, 1.0);
    }

    @Test
    void cardinality_stays_bounded_whatever_paths_and_keys_callers_send() {
        for (int i = 0; i < 50; i++) {
            app.api.anonymous().get("/api/no-such-thing/" + i + "/x" + i).expect(404);
            app.api.anonymous().get("/static-" + i + ".js").expect(404);
            // fewer bad keys than the failed-key throttle allows one address (30 a minute), so they stay 401s
            if (i < 20) app.api.withKey("lk_" + i).get("/api/user/" + i).expect(401);
        }
        String text = scrape();
        Set<String> routes = labelValues(text, "route");
        Set<String> registered = new TreeSet<>();
        app.app.routes().forEach(r -> registered.add(r.path()));
        registered.add("unmatched");
        registered.add("static");
        assertThat(registered).containsAll(routes);
        assertThat(text).doesNotContain("no-such-thing").doesNotContain("static-1").doesNotContain(key.substring(3, 17));
        long series = text.lines().filter(l -> l.startsWith("latchkey_http_requests_seconds_count")).count();
        assertThat(series).isLessThan(registered.size() * 8L); // a few method × status pairs per route, never one per path
        assertThat(labelValues(text, "outcome")).isSubsetOf("ok", "unknown", "wrong_secret", "expired", "disabled", "throttled");
    }

    static Set<String> labelValues(String text, String label) {
        Set<String> values = new TreeSet<>();
        Matcher m = Pattern.compile("[{,]" + label + "=\"([^\"]*)\"").matcher(text);
        while (m.find()) values.add(m.group(1));
        return values;
    }

    @Test
    void propagation_lag_appears_once_someone_reports_it() {
        try (Metrics metrics = new Metrics()) {
            assertThat(metrics.scrape()).doesNotContain("latchkey_propagation_lag_seconds");
            metrics.propagationLag(() -> 1.5);
            assertThat(value(metrics.scrape(), "latchkey_propagation_lag_seconds")).isEqualTo(1.5);
        }
    }

    @Test
    void the_port_comes_from_mb_prometheus_server_port() {
        Config c = Config.fromEnv(Map.of("MB_PROMETHEUS_SERVER_PORT", "9191"));
        assertThat(c.ops().prometheusPort()).isEqualTo(9191);
        assertThat(Config.fromEnv(Map.of()).ops().prometheusPort()).isNull();
    }
}
