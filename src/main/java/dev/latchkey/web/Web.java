package dev.latchkey.web;

import dev.latchkey.core.AccessDecision;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Credentials;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Authenticator;
import dev.latchkey.core.Json;
import dev.latchkey.core.RestrictionCheck;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Javalin set-up: JSON mapping, the admin UI's static files, the authentication filter that enforces each
 * route's access role, and the one mapper from errors to Metabase's wire shapes.
 */
public final class Web {
    public static final String SESSION_COOKIE = "metabase.SESSION";
    private static final String ACTOR = "latchkey.actor";
    private static final String VIA_COOKIE = "latchkey.viaCookie";
    private static final String CLIENT = "latchkey.client";
    private static final Logger log = LoggerFactory.getLogger(Web.class);
    /** The largest multipart upload (serialization archives); beyond it Jetty stops reading and we answer 413. */
    public static final long MAX_UPLOAD_BYTES = 64L << 20;
    /** The largest JSON body a route reads; beyond it the answer is 413. */
    static final long MAX_REQUEST_BYTES = 10L << 20;
    /** Metabase's body for an /api path no route serves (an unknown id on a known route stays "Not found."). */
    static final String UNKNOWN_ENDPOINT = "API endpoint does not exist.";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    /** The admin UI loads only its own files: no inline script or style, no third-party origin. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private Web() {}

    public static Javalin create(String host, int port, Authenticator authentication, List<Routes> features) {
        return create(host, port, authentication, features, Guards.none(), RequestObserver.NONE);
    }

    public static Javalin create(String host, int port, Authenticator authentication, List<Routes> features, Guards guards,
                                 RequestObserver observer) {
        RequestLog requestLog = new RequestLog(observer);
        return Javalin.create(config -> {
            config.requestLogger.http(requestLog::end);
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.threadPool = threadPool();
            config.router.ignoreTrailingSlashes = true;
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Multipart is unbounded by default: cap it, and keep large parts on disk rather than in memory.
            config.jetty.multipartConfig.maxFileSize(MAX_UPLOAD_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(MAX_UPLOAD_BYTES + (1 << 20), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1 << 20, SizeUnit.BYTES);
            config.jetty.modifyServer(server -> server.setErrorHandler(new PlainErrorHandler()));
            config.jetty.modifyServer(SlowClients::install);
            config.jetty.timeoutStatus = 408;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.compressionStrategy = compression();
            config.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/public";
                s.location = Location.CLASSPATH;
                s.headers = Map.of("Cache-Control", "no-cache");
            });
            config.routes.before(ctx -> {
                requestLog.begin(ctx);
                ctx.attribute(CLIENT, guards.clientAddress().resolve(ctx));
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
                ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
                if (!ctx.path().startsWith("/api")) ctx.header("Content-Security-Policy", CSP);
            });
            config.routes.beforeMatched(ctx -> authorize(ctx, authentication));
            config.routes.after(Web::drainUnreadBody);
            config.routes.exception(AppError.class, Web::handleAppError);
            config.routes.exception(HttpResponseException.class, Web::handleHttpError);
            config.routes.exception(Exception.class, (e, ctx) -> Failures.handle(e, ctx, guards.availability()));
            String appShell = appShell();
            config.routes.error(404, ctx -> {
                if (ctx.path().startsWith("/api")) {
                    if (ctx.result() == null) ctx.contentType("text/plain; charset=utf-8").result(UNKNOWN_ENDPOINT);
                } else if (isAppPage(ctx)) {
                    ctx.status(200).header("Cache-Control", "no-cache").html(appShell);
                }
            });
            Router router = new Router(config.routes);
            for (Routes feature : features) feature.register(router);
        });
    }

    /**
     * Javalin's gzip for clients that ask for it, as before, but with the types this server sends named as
     * compressible up front: Javalin otherwise scans its list of excluded types with a case-insensitive substring
     * search on every response, which was ~10 % of the CPU of `GET /api/user/current` with a key (BENCHMARKS.md).
     */
    private static CompressionStrategy compression() {
        CompressionStrategy strategy = new CompressionStrategy(null, new Gzip());
        strategy.setAllowedMimeTypes(List.of(ContentType.JSON, "application/json;charset=utf-8",
                "application/json; charset=utf-8", "text/plain; charset=utf-8", "text/plain;charset=utf-8",
                "text/html", "text/html; charset=utf-8", "text/html;charset=utf-8", "text/css", "text/javascript",
                "application/javascript", "image/svg+xml"));
        return strategy;
    }

    /** One registered route as Javalin holds it: method, path template and the access role it was registered with. */
    public record RouteInfo(String method, String path, Access access) {}

    /**
     * Every HTTP route the running app serves, read back from Javalin rather than from a list kept by hand, so a
     * test that walks "every route" cannot miss one that a feature adds later.
     */
    public static List<RouteInfo> routes(Javalin app) {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod() && e.method != HandlerType.HEAD) // HEAD mirrors each GET (Router)
                .map(Web::routeInfo).toList();
    }

    private static RouteInfo routeInfo(Endpoint e) {
        Roles roles = e.metadata(Roles.class);
        Access access = roles == null ? null : roles.getRoles().stream()
                .filter(Access.class::isInstance).map(Access.class::cast).findFirst().orElse(null);
        return new RouteInfo(e.method.name(), e.path, access);
    }

    /**
     * Few request threads: Javalin's default allows 250, and with many connections on few cores the extra threads
     * only fight over the CPU, the connection pool and the caches, which multiplied p99 latency several times
     * (BENCHMARKS.md, HTTP load). Requests beyond the pool wait in Jetty's queue, in arrival order.
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(24, 4 * Runtime.getRuntime().availableProcessors()), 4);
        pool.setName("latchkey-http");
        return pool;
    }

    /** The caller, or 401 when the request carries no valid credentials. */
    public static Actor actor(Context ctx) {
        Actor actor = ctx.attribute(ACTOR);
        if (actor == null) throw AppError.unauthenticated();
        return actor;
    }

    /**
     * The client's address: the TCP peer, or the address a trusted proxy names in MB_SOURCE_ADDRESS_HEADER
     * ({@link ClientAddress}). Throttles and address rules use this, never {@code ctx.ip()}.
     */
    public static String clientAddress(Context ctx) {
        String client = ctx.attribute(CLIENT);
        return client != null ? client : ctx.req().getRemoteAddr();
    }

    /** The caller if any (for public routes that show more to signed-in callers). */
    public static Actor actorOrNull(Context ctx) { return ctx.attribute(ACTOR); }

    public static Body body(Context ctx) { return Body.parse(ctx, Json.MAPPER); }

    /** The session id the request presented: cookie first, then the X-Metabase-Session header (Metabase's order). */
    public static String sessionId(Context ctx) {
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie != null && !cookie.isBlank()) return cookie;
        String header = ctx.header("X-Metabase-Session");
        return header == null || header.isBlank() ? null : header.trim();
    }

    public static void noContent(Context ctx) { ctx.status(204).result(""); }

    /** An answer already serialized with the wire's JSON settings (Json.bytes), sent as ctx.json would send it. */
    public static void json(Context ctx, byte[] json) { ctx.contentType(ContentType.APPLICATION_JSON).result(json); }

    private static void authorize(Context ctx, Authenticator authentication) {
        Set<?> roles = ctx.routeRoles();
        if (roles.isEmpty() || roles.contains(Access.KEY_CHECK)) return; // static files, error pages, forward auth
        String cookie = ctx.cookie(SESSION_COOKIE);
        boolean viaCookie = cookie != null && !cookie.isBlank();
        Credentials credentials = new Credentials(sessionId(ctx), viaCookie, blankToNull(ctx.header("X-API-Key")));
        Actor actor = credentials.sessionId() == null && credentials.apiKey() == null
                ? null : authentication.authenticate(credentials, clientAddress(ctx)).orElse(null);
        if (actor != null) {
            ctx.attribute(ACTOR, actor);
            restrict(ctx, actor);
        }
        // Only a credential in a header proves the caller chose to send it; anything else (a cookie session, or
        // no credentials at all, as in sign-in and setup, whose response sets the cookie) must be same-origin.
        boolean headerCredential = actor != null && !(actor.via() == Actor.Via.SESSION && viaCookie);
        if (!headerCredential && !SAFE.contains(ctx.method())) checkSameOrigin(ctx);
        if (roles.contains(Access.PUBLIC)) return;
        if (actor == null) throw AppError.unauthenticated();
        if (roles.contains(Access.ADMIN) && !actor.superuser()) throw AppError.forbidden();
    }

    /** An API key's restrictions (RestrictionCheck, the rule's one home): their headers always, their refusal if any. */
    private static void restrict(Context ctx, Actor actor) {
        AccessDecision decision = RestrictionCheck.check(actor, ctx.method().name(), ctx.path(), clientAddress(ctx));
        decision.headers().forEach(ctx::header);
        if (!decision.allowed()) throw decision.error();
    }

    /**
     * CSRF defence for cookie sessions, beside SameSite=Lax: a state-changing request from a browser must come
     * from this origin. Clients that send the session in a header or use an API key are not browsers' ambient
     * credentials and are not affected. Anonymous requests are checked too, so another site cannot sign a
     * visitor in to an account of its choosing (login CSRF) with a text/plain form post to /api/session.
     */
    private static void checkSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            String fetchSite = ctx.header("Sec-Fetch-Site");
            if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
                throw AppError.forbidden("Cross-site request refused.");
            }
            return;
        }
        String host = ctx.header("Host");
        String bare = origin.replaceFirst("^https?://", "");
        if (host == null || !bare.equalsIgnoreCase(host)) throw AppError.forbidden("Cross-site request refused.");
    }

    /**
     * Reads and discards what has already arrived of a body the route left unread (a 401, or a route that takes
     * no body): left in the socket, it makes the kernel reset the connection, and a keep-alive client can lose the
     * answer already on its way. For an anonymous caller it never waits for more: a client that has not sent its
     * body gets its answer and the connection is closed, so an unauthenticated slow body cannot hold a request
     * thread. An authenticated caller's body (and any body sent to a KEY_CHECK route, which a proxy calls) is read to its end (bounded by the request limit, and by the slow-client
     * watchdog's minimum rate), so a keep-alive client with credentials never has its answer reset.
     */
    private static void drainUnreadBody(Context ctx) {
        if (ctx.status().getCode() == 408 && (ctx.result() == null || ctx.result().isEmpty())) {
            ctx.contentType("text/plain; charset=utf-8").result("Request Timeout.");
        }
        if (SAFE.contains(ctx.method())) return;
        try {
            var in = ctx.req().getInputStream();
            byte[] buffer = new byte[8192];
            long left = MAX_REQUEST_BYTES;
            // a proxy asking about a key (KEY_CHECK) keeps its connection alive too: its stray body is read to the end
            boolean wait = actorOrNull(ctx) != null || ctx.routeRoles().contains(Access.KEY_CHECK);
            for (int n; left > 0 && (wait || in.available() > 0) && (n = in.read(buffer)) > 0; ) left -= n;
            if (!in.isFinished()) ctx.header("Connection", "close");
        } catch (Exception e) {
            ctx.header("Connection", "close"); // the client went away or the body is malformed: nothing left to protect
        }
    }

    private static void handleAppError(AppError e, Context ctx) {
        ctx.status(e.status());
        if (e.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        if (e.errors() != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errors", e.errors());
            if (e.specificErrors() != null) body.put("specific-errors", e.specificErrors());
            ctx.json(body);
        } else if (e.messageAsJson()) {
            ctx.json(Map.of("message", e.getMessage()));
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(e.getMessage());
        }
    }

    private static void handleHttpError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String message = switch (status) {
            // Javalin's own 404 means no route matched: Metabase words that apart from an unknown id on a known route
            case 404 -> ctx.path().startsWith("/api") ? UNKNOWN_ENDPOINT : AppError.NOT_FOUND;
            case 413 -> "Request body is too large.";
            case 401 -> AppError.UNAUTHENTICATED;
            case 403 -> AppError.FORBIDDEN;
            default -> e.getMessage() == null ? "Invalid Request." : e.getMessage();
        };
        ctx.status(status < 500 ? status : 400).contentType("text/plain; charset=utf-8").result(message);
    }

    /**
     * The UI routes in the browser, so a reload of a deep link such as /admin/settings/authentication/api-keys must
     * get the app shell; a missing file (a path whose last segment has a dot) stays a 404.
     * Not Javalin's spaRoot: that answers only requests whose Accept names text/html (and any path, files and /api
     * included), while this answers every GET of a page path; moving would change what curl or fetch clients get.
     */
    private static boolean isAppPage(Context ctx) {
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) return false;
        String path = ctx.path();
        return !path.substring(path.lastIndexOf('/') + 1).contains(".");
    }

    private static String appShell() {
        try (var in = Web.class.getResourceAsStream("/public/index.html")) {
            if (in == null) throw new IllegalStateException("The admin UI is missing from the jar: /public/index.html");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }
}
