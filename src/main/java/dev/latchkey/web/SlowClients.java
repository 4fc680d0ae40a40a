package dev.latchkey.web;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Limits for clients that send slowly (slowloris and slow-body attacks), so a few hundred of them cannot hold the
 * request threads or the connections that /api/health and real clients need.
 * <ul>
 *   <li>Headers: a request whose headers have started but are not complete within {@value #HEADER_DEADLINE_MS} ms
 *       is answered 408 and its connection closed. Header parsing never holds a request thread (Jetty parses
 *       what has arrived and returns), so this only bounds the connections such clients keep open.</li>
 *   <li>Bodies: while a handler waits for body bytes, the body must arrive at {@value #MIN_BODY_BYTES_PER_SECOND}
 *       bytes/s on average (counted from the first read, after a {@value #BODY_GRACE_MS} ms grace) and be complete
 *       within {@value #BODY_DEADLINE_MS} ms. Otherwise the waiting read fails at once with a timeout: the thread
 *       is released, the answer is 408 and the connection is closed. A watchdog checks every
 *       {@value #SWEEP_MS} ms, so the wait is bounded by the rule plus one sweep.</li>
 * </ul>
 * Credentials are checked before a route reads its body (the access filter runs first), so a client without
 * them gets its 401 without the server waiting for any of its body.
 */
final class SlowClients {
    static final long HEADER_DEADLINE_MS = 10_000;
    static final long BODY_GRACE_MS = 3_000;
    static final long MIN_BODY_BYTES_PER_SECOND = 16 * 1024;
    static final long BODY_DEADLINE_MS = 300_000;
    static final long SWEEP_MS = 250;
    private static final Logger log = LoggerFactory.getLogger(SlowClients.class);
    private static final byte[] HEADER_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 17\r\nConnection: close\r\n\r\nRequest Timeout.\n").getBytes(StandardCharsets.US_ASCII);

    private SlowClients() {}

    /** Puts the body watchdog in front of whatever Javalin attaches, and starts the sweeper with the server. */
    static void install(Server server) {
        Watchdog watchdog = new Watchdog(server);
        server.setHandler(new BodyGuard(watchdog));
        server.addBean(watchdog);
    }

    /** The failure a slow body's read ends with; Javalin answers it with its timeout status (408). */
    static final class SlowBody extends TimeoutException {
        SlowBody(String message) { super(message); }
    }

    /** Wraps every request that has a body so the watchdog can see, and end, a read that waits too long. */
    private static final class BodyGuard extends Handler.Wrapper {
        private final Watchdog watchdog;

        BodyGuard(Watchdog watchdog) { this.watchdog = watchdog; }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            var headers = request.getHeaders();
            boolean hasBody = headers.getLongField("Content-Length") > 0 || headers.contains("Transfer-Encoding");
            return super.handle(hasBody ? new GuardedRequest(request, watchdog) : request, response, callback);
        }
    }

    /** A request whose body reads are timed: bytes read, when the first read began, and the read now waiting. */
    private static final class GuardedRequest extends Request.Wrapper {
        private final Watchdog watchdog;
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicReference<Runnable> waiting = new AtomicReference<>();
        private volatile long firstReadNanos;
        private volatile Content.Chunk failure;

        GuardedRequest(Request request, Watchdog watchdog) {
            super(request);
            this.watchdog = watchdog;
        }

        @Override
        public Content.Chunk read() {
            if (firstReadNanos == 0) firstReadNanos = System.nanoTime();
            Content.Chunk failed = failure;
            if (failed != null) return failed;
            Content.Chunk chunk = super.read();
            if (chunk != null) bytes.addAndGet(chunk.remaining());
            return chunk;
        }

        @Override
        public void demand(Runnable callback) {
            if (firstReadNanos == 0) firstReadNanos = System.nanoTime();
            if (failure != null) {
                callback.run();
                return;
            }
            waiting.set(callback);
            watchdog.watch(this);
            super.demand(() -> {
                Runnable r = waiting.getAndSet(null);
                if (r != null) r.run();
            });
        }

        boolean isWaiting() { return waiting.get() != null; }

        /** Why this body is too slow now, or null while it keeps pace. */
        String tooSlow(long now) {
            long elapsedMs = (now - firstReadNanos) / 1_000_000;
            if (elapsedMs > BODY_DEADLINE_MS) return "body not complete within " + BODY_DEADLINE_MS + " ms";
            if (elapsedMs > BODY_GRACE_MS && bytes.get() * 1000 < MIN_BODY_BYTES_PER_SECOND * elapsedMs) {
                return "body arrived at " + bytes.get() * 1000 / Math.max(1, elapsedMs) + " bytes/s, below "
                        + MIN_BODY_BYTES_PER_SECOND;
            }
            return null;
        }

        /**
         * Ends the waiting read with a timeout. The wake-up runs on the watchdog's own thread: handing it to the
         * request pool would deadlock exactly when it matters, with every pool thread blocked in a slow read. The
         * callback of a blocking read only signals the blocked thread, which then does the work.
         */
        void fail(String reason) {
            failure = Content.Chunk.from(new SlowBody(reason), true);
            Runnable r = waiting.getAndSet(null);
            if (r != null) r.run();
        }
    }

    /** Checks waiting body reads and half-sent headers a few times a second; started and stopped with the server. */
    private static final class Watchdog extends AbstractLifeCycle {
        private final Server server;
        private final Set<GuardedRequest> reads = ConcurrentHashMap.newKeySet();
        private final Map<EndPoint, Long> headersSince = new ConcurrentHashMap<>();
        private ScheduledExecutorService timer;

        Watchdog(Server server) { this.server = server; }

        void watch(GuardedRequest request) { reads.add(request); }

        @Override
        protected void doStart() {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "latchkey-slow-clients");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() { timer.shutdownNow(); }

        private void sweep() {
            try {
                long now = System.nanoTime();
                sweepBodies(now);
                sweepHeaders(now);
            } catch (RuntimeException e) {
                log.warn("Slow-client sweep failed: {}", e.toString());
            }
        }

        private void sweepBodies(long now) {
            for (GuardedRequest r : reads) {
                if (!r.isWaiting()) {
                    reads.remove(r);
                    if (r.isWaiting()) reads.add(r); // it asked again meanwhile
                    continue;
                }
                String reason = r.tooSlow(now);
                if (reason == null) continue;
                reads.remove(r);
                log.info("Refused a slow request body from {} ({}): 408", r.getConnectionMetaData().getRemoteSocketAddress(), reason);
                r.fail(reason);
            }
        }

        private void sweepHeaders(long now) {
            Set<EndPoint> seen = new java.util.HashSet<>();
            for (Connector c : server.getConnectors()) {
                if (!(c instanceof AbstractConnector connector)) continue;
                for (EndPoint ep : connector.getConnectedEndPoints()) {
                    if (!(ep.getConnection() instanceof HttpConnection http)) continue;
                    var parser = http.getParser();
                    if (parser.isStart() || !parser.inHeaderState()) continue;
                    seen.add(ep);
                    long since = headersSince.computeIfAbsent(ep, e -> now);
                    if (now - since > HEADER_DEADLINE_MS * 1_000_000) refuseHeaders(ep);
                }
            }
            headersSince.keySet().retainAll(seen);
        }

        private void refuseHeaders(EndPoint ep) {
            headersSince.remove(ep);
            log.info("Refused a request whose headers were not complete within {} ms from {}: 408", HEADER_DEADLINE_MS,
                    ep.getRemoteSocketAddress());
            ep.write(Callback.from(ep::close, x -> ep.close()), ByteBuffer.wrap(HEADER_TIMEOUT));
        }
    }
}
