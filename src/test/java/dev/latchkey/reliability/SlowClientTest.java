package dev.latchkey.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and hostile clients over raw sockets: hundreds of slow bodies and slow headers must not stop /api/health or
 * an authenticated /api/user/current from answering; a slow body is refused with 408 and its thread released; a
 * broken-off body is one INFO line; HEAD gets what GET gets. The latency figures go to
 * target/reliability/slow-clients-<db>.txt (BENCHMARKS.md), not into assertions.
 */
class SlowClientTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", app.app.port()), 5_000);
        s.setSoTimeout(20_000);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line's code, or -1 when the server closed without answering. */
    static int status(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] head = new byte[12];
        int n = 0;
        for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) n += r;
        return n < 12 ? -1 : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
    }

    static String slowBodyHead(String credentials) {
        return "POST /api/card HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + credentials
                + "Content-Length: 100000\r\n\r\n{";
    }

    static long millisFor(Api api, String path) {
        long t = System.nanoTime();
        api.get(path).expect(200);
        return (System.nanoTime() - t) / 1_000_000;
    }

    @Nested
    class UnderAttack {
        @Test
        @Timeout(value = 3, unit = TimeUnit.MINUTES)
        void health_and_an_authenticated_request_keep_answering_under_200_slow_bodies_and_300_slow_headers() throws Exception {
            String session = app.login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD);
            List<Socket> bodies = new ArrayList<>();
            List<Socket> headers = new ArrayList<>();
            List<Long> health = new ArrayList<>();
            List<Long> current = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket s = connect();
                    send(s, slowBodyHead(""));
                    bodies.add(s);
                }
                for (int i = 0; i < 300; i++) {
                    Socket s = connect();
                    send(s, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                    headers.add(s);
                }
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                int round = 0;
                while (System.nanoTime() < end) {
                    health.add(millisFor(app.api.anonymous(), "/api/health"));
                    current.add(millisFor(app.api.withSession(session), "/api/user/current"));
                    if (++round % 20 == 0) {
                        for (Socket s : headers) trySend(s, "a"); // one byte now and then: never idle, never complete
                        for (Socket s : bodies) if (!s.isClosed()) trySend(s, "1");
                    }
                }
                // the anonymous slow bodies were answered 401 before any body was read
                for (Socket s : bodies.subList(0, 20)) assertThat(status(s)).isEqualTo(401);
            } finally {
                for (Socket s : bodies) s.close();
                for (Socket s : headers) s.close();
            }
            assertThat(health).isNotEmpty();
            String figures = String.format("%s: under 200 slow-body + 300 slow-header connections, %d requests each: "
                            + "/api/health p50 %d ms, p99 %d ms, max %d ms; /api/user/current (session) p50 %d ms, p99 %d ms, max %d ms%n",
                    dev.latchkey.support.TestDatabase.KIND, health.size(), pct(health, 50), pct(health, 99), pct(health, 100),
                    pct(current, 50), pct(current, 99), pct(current, 100));
            Files.writeString(ChildServer.logFile("slow-clients-" + dev.latchkey.support.TestDatabase.KIND + ".txt"), figures);
        }

        @Test
        @Timeout(value = 2, unit = TimeUnit.MINUTES)
        void more_authenticated_slow_bodies_than_request_threads_each_get_408_and_release_their_thread() throws Exception {
            String session = app.login(TestApp.ADMIN_EMAIL, TestApp.PASSWORD);
            List<Socket> bodies = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    Socket s = connect();
                    send(s, slowBodyHead("X-Metabase-Session: " + session + "\r\n"));
                    bodies.add(s);
                }
                for (Socket s : bodies) assertThat(status(s)).isEqualTo(408);
            } finally {
                for (Socket s : bodies) s.close();
            }
            app.api.anonymous().get("/api/health").expect(200);
            app.api.as(app.admin).get("/api/user/current").expect(200);
        }

        @Test
        void headers_that_never_finish_are_refused_with_408() throws Exception {
            try (Socket s = connect()) {
                send(s, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                long start = System.nanoTime();
                for (int i = 0; i < 30 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(14); i++) {
                    if (!trySend(s, "X-A: b\r\n")) break;
                    Thread.sleep(500);
                    if (s.getInputStream().available() > 0) break;
                }
                assertThat(status(s)).isEqualTo(408);
            }
        }
    }

    @Nested
    class BrokenOffBodies {
        @Test
        void a_body_the_client_abandons_is_logged_as_one_info_line_without_a_stack_trace() throws Exception {
            Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
            Logger web = (Logger) LoggerFactory.getLogger("dev.latchkey.web");
            Level level = web.getLevel();
            web.setLevel(Level.INFO); // the test configuration logs WARN and up only
            ListAppender<ILoggingEvent> events = new ListAppender<>();
            events.start();
            root.addAppender(events);
            try {
                for (int i = 0; i < 5; i++) {
                    try (Socket s = connect()) {
                        send(s, "POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 1000\r\n\r\n{\"username\":");
                        Thread.sleep(1_000); // let the server start reading (a request broken off before that is never dispatched)
                    }
                }
                for (int i = 0; i < 20; i++) { // anonymous: a 401 before any body is read, and nothing worth a log line
                    try (Socket s = connect()) {
                        send(s, "POST /api/card HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 1000\r\n\r\n{\"name\":");
                    }
                }
                Thread.sleep(1_000);
            } finally {
                root.detachAppender(events);
                web.setLevel(level);
            }
            List<ILoggingEvent> lines = List.copyOf(events.list);
            assertThat(lines).allSatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.INFO);
                assertThat(e.getThrowableProxy()).isNull();
                assertThat(e.getFormattedMessage()).startsWith("Client broke off its request body on POST /api/session");
            });
            assertThat(lines).hasSizeBetween(1, 5);
        }
    }

    @Nested
    class Head {
        @Test
        void head_on_an_admin_only_route_answers_what_get_answers() {
            for (String path : List.of("/api/api-key", "/api/audit-log", "/api/permissions/group")) {
                assertThat(app.api.anonymous().send("HEAD", path, null).status()).as(path).isEqualTo(401);
                assertThat(app.api.as(app.member).send("HEAD", path, null).status()).as(path).isEqualTo(403);
                Api.Response admin = app.api.as(app.admin).send("HEAD", path, null).expect(200);
                assertThat(admin.text()).isEmpty();
            }
            app.api.anonymous().send("HEAD", "/api/user/current", null).expect(401);
            app.api.anonymous().send("HEAD", "/api/health", null).expect(200);
        }
    }

    static boolean trySend(Socket s, String text) {
        try {
            send(s, text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i));
    }

}
