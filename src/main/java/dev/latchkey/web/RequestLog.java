package dev.latchkey.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request gets an id: the caller's X-Request-Id when it is a short token (so a proxy's id carries
 * through), a fresh UUID otherwise. The id is in the MDC while the request runs (so every log line, text or
 * JSON, carries it), in the X-Request-Id response header, and in a 500's body. When the response is complete,
 * one access-log line is written (logger {@code latchkey.access}) and the observer is told.
 */
public final class RequestLog {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    static final String UNMATCHED_API = "unmatched";
    static final String STATIC = "static";
    private static final String ATTRIBUTE = "latchkey.requestId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    private static final Logger access = LoggerFactory.getLogger("latchkey.access");

    private final RequestObserver observer;

    RequestLog(RequestObserver observer) { this.observer = observer; }

    /** Before anything else: assigns the id and puts it where logs and the caller see it. */
    void begin(Context ctx) {
        String presented = ctx.header(HEADER);
        String id = presented != null && WELL_FORMED.matcher(presented).matches() ? presented : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** Javalin's request logger: runs once the response is written, also after an exception. */
    void end(Context ctx, Float millis) {
        try {
            String route = route(ctx);
            int status = ctx.statusCode();
            access.info("{} {} {} {} ms route={}", ctx.method().name(), ctx.path(), status, Math.round(millis), route);
            observer.finished(ctx.method().name(), route, status, millis / 1000.0, Web.actorOrNull(ctx));
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The request's id (the same one as in the header and the logs). */
    public static String id(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : UUID.randomUUID().toString();
    }

    static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) return endpoint.path;
        return ctx.path().startsWith("/api") ? UNMATCHED_API : STATIC;
    }
}
