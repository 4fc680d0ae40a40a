package dev.latchkey.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HAProxy (Debian package haproxy, see .ci/run) on a free port, round-robin over two instances: a client
 * that revokes a key through the balancer gets 401 for that key on its very next request, 100 times in a row. The
 * balancer names the serving instance in a header, so the test also checks that the next request often went to the
 * instance that did not make the change (else it would prove nothing).
 */
class LoadBalancerTest {
    static final int REVOCATIONS = 100;
    static Cluster cluster;
    static Process haproxy;
    static Path config;
    static Api balancer;

    @BeforeAll
    static void start() throws Exception {
        Cluster.assumeSharedDatabase();
        cluster = new Cluster(2);
        int port = freePort();
        config = Path.of("target", "haproxy-" + UUID.randomUUID() + ".cfg").toAbsolutePath();
        Files.createDirectories(config.getParent());
        Files.writeString(config, String.join("\n",
                "defaults",
                "  mode http",
                "  timeout connect 2s",
                "  timeout client 30s",
                "  timeout server 30s",
                "frontend latchkey",
                "  bind 127.0.0.1:" + port,
                "  default_backend instances",
                "backend instances",
                "  balance roundrobin",
                "  http-response set-header X-Latchkey-Instance %s",
                "  server a 127.0.0.1:" + cluster.get(0).app.port(),
                "  server b 127.0.0.1:" + cluster.get(1).app.port(),
                ""));
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(Path.of("target", "haproxy.log").toFile()).start();
        awaitPort(port);
        balancer = Api.at("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(5, TimeUnit.SECONDS)) haproxy.destroyForcibly();
        }
        if (config != null) Files.deleteIfExists(config);
        if (cluster != null) cluster.close();
    }

    @Test
    void a_key_revoked_through_the_balancer_is_refused_on_the_very_next_request() {
        TestApp a = cluster.get(0);
        Api admin = balancer.as(a.admin);
        Map<String, Integer> nextServedByOther = new HashMap<>();
        for (int i = 0; i < REVOCATIONS; i++) {
            JsonNode k = admin.post("/api/api-key", Map.of("name", "lb " + i, "group_id", 2)).expect(200).json();
            Api client = balancer.withKey(k.get("unmasked_key").asText());
            for (int j = 0; j < 4; j++) client.get("/api/user/current").expect(200); // cached on both instances
            boolean regenerate = i % 2 == 1;
            String path = "/api/api-key/" + k.get("id").asLong();
            Api.Response revoke = regenerate ? admin.put(path + "/regenerate", Map.of()).expect(200) : admin.delete(path).expect(204);
            Api.Response next = client.get("/api/user/current");
            assertThat(next.status()).as("revocation %d (%s), next request served by %s", i, regenerate ? "regenerate" : "delete",
                    next.header("X-Latchkey-Instance")).isEqualTo(401);
            String by = revoke.header("X-Latchkey-Instance").equals(next.header("X-Latchkey-Instance")) ? "same" : "other";
            nextServedByOther.merge(by, 1, Integer::sum);
            // every revoked key's next request is a failed attempt from 127.0.0.1 (the balancer): let the failed-key
            // throttle's window pass on both instances, so the next fresh key is not refused with 429
            for (int n = 0; n < 2; n++) {
                cluster.get(n).clock.advance(java.time.Duration.ofSeconds(dev.latchkey.auth.FailedKeyThrottle.WINDOW_SECONDS + 1));
            }
        }
        assertThat(nextServedByOther.getOrDefault("other", 0)).as("next requests served by the other instance")
                .isGreaterThanOrEqualTo(REVOCATIONS / 4);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!haproxy.isAlive()) throw new IllegalStateException("haproxy exited: see target/haproxy.log", e);
                Cluster.sleep(50);
            }
        }
        throw new IllegalStateException("haproxy did not listen on " + port + " within 10 s (target/haproxy.log)");
    }
}
