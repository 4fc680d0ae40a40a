package dev.latchkey.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one error type of the application. Its kind carries the HTTP status; the web layer turns it into
 * Metabase's wire shapes (plain-text 401/403/404, JSON {"errors": ...} for 400). Metabase answers a 400 in one of
 * four bodies, depending on the endpoint; each has one factory: {@link #invalid} (field errors with
 * specific-errors, a schema check), {@link #field} (field errors only, a rule), {@link #badRequest} (plain text)
 * and {@link #badRequestMessage} (JSON {"message": ...}).
 */
public final class AppError extends RuntimeException {
    /** Metabase's plain-text bodies for 401, 403 and 404: the one copy (web and the API docs use these). */
    public static final String UNAUTHENTICATED = "Unauthenticated";
    public static final String FORBIDDEN = "You don't have permissions to do that.";
    public static final String NOT_FOUND = "Not found.";

    public enum Kind {
        INVALID(400), UNAUTHENTICATED(401), PAYMENT_REQUIRED(402), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), TOO_LARGE(413), TOO_MANY_REQUESTS(429);
        public final int status;
        Kind(int status) { this.status = status; }
    }

    private final Kind kind;
    private final Map<String, String> errors;
    private final Map<String, List<String>> specificErrors;
    private final boolean messageAsJson;
    private long retryAfterSeconds;

    private AppError(Kind kind, String message, Map<String, String> errors, Map<String, List<String>> specificErrors) {
        this(kind, message, errors, specificErrors, false);
    }

    private AppError(Kind kind, String message, Map<String, String> errors, Map<String, List<String>> specificErrors,
                     boolean messageAsJson) {
        super(message, null, false, false);
        this.kind = kind;
        this.errors = errors;
        this.specificErrors = specificErrors;
        this.messageAsJson = messageAsJson;
    }

    /** The HTTP status, from the kind. */
    public int status() { return kind.status; }
    /** Field errors for a JSON body, or null for a plain-text body. */
    public Map<String, String> errors() { return errors; }
    public Map<String, List<String>> specificErrors() { return specificErrors; }
    /** True when the body is JSON {"message": ...} rather than plain text (Metabase's generic exception map). */
    public boolean messageAsJson() { return messageAsJson; }
    /** Seconds for a Retry-After header, or 0 for none. */
    public long retryAfterSeconds() { return retryAfterSeconds; }

    /** 400 on a body or query field, with Metabase's schema message and malli-like detail. */
    public static AppError invalid(String field, String message, Object received) {
        return new AppError(Kind.INVALID, message, Map.of(field, message),
                Map.of(field, List.of(message.replaceAll("^value must be |\\.$", "") + ", received: " + show(received))));
    }

    /** 400 with {"errors": {field: message}} and no specific-errors (Metabase's checkp). */
    public static AppError field(String field, String message) { return fields(Kind.INVALID, field, message); }

    /** 400 with a plain-text message body, e.g. "You cannot edit or delete the 'Administrators' permissions group!". */
    public static AppError badRequest(String message) { return new AppError(Kind.INVALID, message, null, null); }

    /** 400 with a JSON {"message": ...} body, e.g. "Not able to reactivate an active user". */
    public static AppError badRequestMessage(String message) {
        return new AppError(Kind.INVALID, message, null, null, true);
    }

    public static AppError unauthenticated() { return new AppError(Kind.UNAUTHENTICATED, UNAUTHENTICATED, null, null); }

    /** 401 with field errors: a refused sign-in (Metabase words why on a field). */
    public static AppError unauthenticated(String field, String message) { return fields(Kind.UNAUTHENTICATED, field, message); }

    public static AppError forbidden() { return new AppError(Kind.FORBIDDEN, FORBIDDEN, null, null); }

    public static AppError forbidden(String message) { return new AppError(Kind.FORBIDDEN, message, null, null); }

    /** 402 with a plain-text body: Metabase's answer for features that need a paid token (group managers). */
    public static AppError paymentRequired(String message) { return new AppError(Kind.PAYMENT_REQUIRED, message, null, null); }

    public static AppError notFound() { return new AppError(Kind.NOT_FOUND, NOT_FOUND, null, null); }

    public static AppError conflict(String message) { return new AppError(Kind.CONFLICT, message, null, null); }

    public static AppError tooLarge(String message) { return new AppError(Kind.TOO_LARGE, message, null, null); }

    /** 429 with a Retry-After header: a throttle refused the attempt. A field makes the body Metabase's field errors. */
    public static AppError tooManyRequests(String field, String message, long retryAfterSeconds) {
        AppError e = field == null ? new AppError(Kind.TOO_MANY_REQUESTS, message, null, null)
                : fields(Kind.TOO_MANY_REQUESTS, field, message);
        e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return e;
    }

    private static AppError fields(Kind kind, String field, String message) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(field, message);
        return new AppError(kind, message, errors, null);
    }

    private static String show(Object received) {
        if (received == null) return "nil";
        if (received instanceof String s) return "\"" + s + "\"";
        return String.valueOf(received);
    }
}
