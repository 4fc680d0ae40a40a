package dev.latchkey.reliability;

import dev.latchkey.support.Api;
import dev.latchkey.support.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real application in its own JVM ({@code dev.latchkey.app.Main} on the test classpath: the jar is built after
 * the tests), configured through the same MB_* variables an operator uses, on a test database. Killed with
 * SIGKILL, as a crash or the OOM killer does.
 */
final class ChildServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    final int port;
    final Api api;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.api = Api.at("http://127.0.0.1:" + port);
    }

    /** Starts the server on the database and waits (at most 90 s) until /api/health answers 200. */
    static ChildServer start(TestDatabase db, Path log) throws IOException, InterruptedException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "dev.latchkey.app.Main");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MB_") || k.startsWith("LATCHKEY_"));
        env.put("MB_JETTY_HOST", "127.0.0.1");
        env.put("MB_JETTY_PORT", Integer.toString(port));
        // -Dlatchkey.crash.urlSuffix=";WRITE_DELAY=500" brings back H2's old default, to see this test fail without the fix
        env.put("MB_DB_CONNECTION_URI", db.url() + System.getProperty("latchkey.crash.urlSuffix", ""));
        if (db.user() != null) env.put("MB_DB_USER", db.user());
        env.put("LATCHKEY_BCRYPT_COST", "4");
        env.put("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        ChildServer child = new ChildServer(pb.start(), port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.process.isAlive()) throw new IllegalStateException("The server exited with " + child.process.exitValue() + "; see " + log);
            if (child.healthy()) return child;
            Thread.sleep(100);
        }
        child.kill();
        throw new IllegalStateException("The server did not answer /api/health within 90 s; see " + log);
    }

    private boolean healthy() {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL (Process.destroyForcibly on Unix): no shutdown hook, no flush, no close. Waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path logFile(String name) {
        File dir = new File("target/reliability");
        dir.mkdirs();
        return dir.toPath().resolve(name).toAbsolutePath();
    }
}
