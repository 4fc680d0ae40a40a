package dev.latchkey.web;

import dev.latchkey.db.Availability;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Exceptions no feature mapped, sorted by whose fault they are, each logged as one line without stack trace, SQL
 * or bound values, except a real bug:
 * <ul>
 *   <li>the application database cannot be reached → 503 with a JSON body naming the cause and Retry-After, and
 *       /api/health learns of it at once;</li>
 *   <li>the client broke off or mangled its body → 400, logged at INFO (a client error, not ours);</li>
 *   <li>anything else → 500 {"message", "request_id"}, logged at ERROR with its stack trace and the request id.</li>
 * </ul>
 */
final class Failures {
    static final String DB_UNAVAILABLE = "The application database cannot be reached. Try again shortly.";
    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {}

    static void handle(Exception e, Context ctx, Availability availability) {
        String requestId = RequestLog.id(ctx);
        if (isClientAbort(e)) {
            log.info("Client broke off its request body on {} {} from {}: {}", ctx.method(), ctx.path(), Web.clientAddress(ctx),
                    causes(e));
            ctx.status(400).header("Connection", "close").contentType("text/plain; charset=utf-8").result("Incomplete request body.");
        } else if (Availability.isOutage(e)) {
            if (availability != null) availability.markDown();
            log.warn("Application database unreachable on {} {} (request {}): {}", ctx.method(), ctx.path(), requestId, causes(e));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", DB_UNAVAILABLE);
            body.put("cause", Health.NO_APP_DB);
            body.put("request_id", requestId);
            ctx.status(503).header("Retry-After", "2").json(body);
        } else {
            log.error("Unexpected error on {} {} (request {})", ctx.method(), ctx.path(), requestId, e);
            ctx.status(500).json(Map.of("message", "An unexpected error occurred.", "request_id", requestId));
        }
    }

    /** The request's body could not be read to its end: the client closed, reset or mangled the connection. */
    static boolean isClientAbort(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof java.sql.SQLException) return false;
            if (name.equals("org.eclipse.jetty.io.EofException") || name.startsWith("org.eclipse.jetty.http.BadMessageException")
                    || name.startsWith("org.eclipse.jetty.server.internal.HttpConnection$HttpEofException")
                    || t instanceof ClosedChannelException) return true;
            if (t instanceof IOException && t.getMessage() != null
                    && t.getMessage().matches("(?i).*(early eof|connection reset|broken pipe|closed).*")) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** Exception class names down the cause chain, with SQLStates: enough to tell what failed, nothing sensitive. */
    private static String causes(Throwable error) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 8; t = t.getCause(), depth++) {
            if (sb.length() > 0) sb.append(" <- ");
            sb.append(t.getClass().getSimpleName());
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null) sb.append('[').append(s.getSQLState()).append(']');
            if (t.getCause() == t) break;
        }
        return sb.toString();
    }
}
