package dev.latchkey.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx on a free port of 127.0.0.1, with its prefix, pid, temp and log files under a temporary
 * directory, running docs/forward-auth/nginx.conf (the README's snippet) between a Latchkey port and an upstream
 * port. Stopped, with its directory removed, by {@link #close()}.
 */
final class Nginx implements AutoCloseable {
    static final Path SNIPPET = Path.of("docs/forward-auth/nginx.conf").toAbsolutePath();
    final int port;
    private final Path dir;
    private final Process process;

    Nginx(int latchkeyPort, int upstreamPort) throws Exception {
        dir = Files.createTempDirectory("latchkey-nginx");
        port = freePort();
        String conf = """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream latchkey { server 127.0.0.1:%2$d; keepalive 16; }
                    upstream app { server 127.0.0.1:%3$d; keepalive 16; }
                    server {
                        listen 127.0.0.1:%4$d;
                        include %5$s;
                    }
                }
                """.formatted(dir, latchkeyPort, upstreamPort, port, SNIPPET);
        Files.writeString(dir.resolve("nginx.conf"), conf);
        process = new ProcessBuilder("nginx", "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        awaitListening();
    }

    String base() { return "http://127.0.0.1:" + port; }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("nginx exited: " + logs());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen within 15 s: " + logs());
    }

    String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String f : new String[] {"stdout.log", "error.log"}) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) out.append(f).append(": ").append(Files.readString(p)).append('\n');
        }
        return out.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy(); // SIGTERM: nginx's master stops its worker and exits
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
