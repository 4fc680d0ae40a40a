package dev.latchkey.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as a child process (test class path, the jar's main class) with MB_LOG_FORMAT=json and
 * MB_PROMETHEUS_SERVER_PORT: every stdout line is one JSON object, the request id is in the access log line and
 * the response header, and the metrics listener answers.
 */
class JsonLogProcessTest {
    @TempDir Path dir;

    @Test
    void json_logs_carry_the_request_id_and_the_metrics_port_answers() throws Exception {
        int port = freePort();
        int metricsPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback.xml", // the jar's logging set-up, not the tests' logback-test.xml
                "-cp", System.getProperty("java.class.path"), Main.class.getName()).redirectErrorStream(true);
        pb.environment().put("MB_DB_FILE", dir.resolve("latchkey").toString());
        pb.environment().put("MB_JETTY_HOST", "127.0.0.1");
        pb.environment().put("MB_JETTY_PORT", Integer.toString(port));
        pb.environment().put("MB_PROMETHEUS_SERVER_PORT", Integer.toString(metricsPort));
        pb.environment().put("MB_LOG_FORMAT", "json");
        pb.environment().remove("MB_CONFIG_FILE_PATH");
        Process p = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            await(() -> lines.stream().anyMatch(l -> l.contains("listening on")), lines);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session/properties"))
                    .header("X-Request-Id", "req-from-the-proxy-0001").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Request-Id")).contains("req-from-the-proxy-0001");
            HttpResponse<String> fresh = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/user/current"))
                    .header("X-Request-Id", "bad id with spaces").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fresh.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f-]{36}");

            await(() -> lines.stream().anyMatch(l -> l.contains("req-from-the-proxy-0001")), lines);
            for (String line : lines) {
                assertThat(line).as("every line is one JSON object").startsWith("{").endsWith("}");
                Json.read(line);
            }
            JsonNode access = lines.stream().filter(l -> l.contains("req-from-the-proxy-0001")).map(Json::read).findFirst().orElseThrow();
            assertThat(access.get("loggerName").asText()).isEqualTo("latchkey.access");
            assertThat(access.at("/mdc/request_id").asText()).isEqualTo("req-from-the-proxy-0001");
            assertThat(access.get("formattedMessage").asText()).contains("GET /api/session/properties 200");

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("latchkey_http_requests_seconds_count{method=\"GET\",route=\"/api/session/properties\",status=\"200\"} 1");
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            reader.join(5000);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, List<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out; output so far:\n" + String.join("\n", lines));
            Thread.sleep(100);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
