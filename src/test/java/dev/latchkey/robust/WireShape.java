package dev.latchkey.robust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Json;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Metabase's error shapes (reference/metabase-api.md §9), as one predicate: a refusal is a 4xx whose body is
 * plain text (`Unauthenticated`, `You don't have permissions to do that.`, `Not found.`, or another sentence) or
 * JSON `{"errors": {field: message}}` (plus `specific-errors`) or `{"message": ...}`. Never a 5xx, never a
 * dropped connection, never a stack trace or an HTML error page.
 */
final class WireShape {
    private static final Pattern LEAK = Pattern.compile("(?i)(exception|\\bat (dev|org|java|io|com)\\.|<html|jdbc|sqlstate)");

    private WireShape() {}

    /** Null when the reply is acceptable, otherwise what is wrong with it. */
    static String problem(Wire.Reply r) {
        if (r.status() < 0) return "connection dropped: " + r.body();
        if (r.status() >= 500) return "server error " + r.status() + ": " + cut(r.body());
        if (r.status() < 400) return null;
        String body = r.body() == null ? "" : r.body();
        if (body.isBlank()) return r.status() + " with an empty body";
        if (LEAK.matcher(body).find() && !body.startsWith("{\"errors\"")) return r.status() + " leaks internals: " + cut(body);
        boolean json = r.contentType().startsWith("application/json");
        boolean text = r.contentType().startsWith("text/plain");
        if (!json && !text) return r.status() + " with content type '" + r.contentType() + "': " + cut(body);
        return switch (r.status()) {
            case 401 -> body.equals("Unauthenticated") || json && errorsShape(body) ? null : "401 body: " + cut(body);
            case 403 -> text ? null : "403 is not plain text: " + cut(body);
            case 404 -> body.equals("Not found.") || body.equals("API endpoint does not exist.") ? null : "404 body: " + cut(body);
            case 400 -> text || errorsShape(body) || messageShape(body) ? null : "400 body: " + cut(body);
            default -> text || errorsShape(body) ? null : r.status() + " body: " + cut(body);
        };
    }

    /** {"errors": {field: message, ...}} with string (or nested map) messages, optionally "specific-errors". */
    private static boolean errorsShape(String body) {
        JsonNode n = parse(body);
        if (n == null || !n.isObject() || !n.path("errors").isObject() || n.path("errors").isEmpty()) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!key.equals("errors") && !key.equals("specific-errors")) return false;
        }
        for (JsonNode message : n.get("errors")) if (!message.isTextual() && !message.isObject()) return false;
        return true;
    }

    private static boolean messageShape(String body) {
        JsonNode n = parse(body);
        return n != null && n.isObject() && n.path("message").isTextual();
    }

    private static JsonNode parse(String body) {
        try {
            return Json.read(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String cut(String s) {
        if (s == null) return "null";
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
