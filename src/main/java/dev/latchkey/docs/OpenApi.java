package dev.latchkey.docs;

import dev.latchkey.core.AppError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.web.Access;
import dev.latchkey.web.Web;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document, generated from the route table the running app serves: every registered route is in
 * it with its access role as security requirements, path parameters and the error responses it can give. The
 * operations in {@link Described} add summaries and request and response schemas.
 */
final class OpenApi {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain";

    private OpenApi() {}

    static ObjectNode document(List<Web.RouteInfo> routes, String version) {
        Schemas schemas = new Schemas();
        ObjectNode doc = F.objectNode().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Latchkey API").put("version", version)
                .put("description", "Metabase-compatible API keys, people, groups and content. Errors use Metabase's shapes: "
                        + "400 {errors, specific-errors} (or a plain-text message), 401 \"" + AppError.UNAUTHENTICATED + "\", "
                        + "403 \"" + AppError.FORBIDDEN + "\", 404 \"" + AppError.NOT_FOUND + "\".");
        ObjectNode paths = doc.putObject("paths");
        routes.stream().sorted(Comparator.comparing(Web.RouteInfo::path).thenComparing(Web.RouteInfo::method))
                .forEach(r -> operation(paths, r, schemas));
        ObjectNode components = doc.putObject("components");
        components.set("securitySchemes", securitySchemes());
        components.set("responses", errorResponses());
        ObjectNode all = schemas.components();
        all.set("FieldErrors", fieldErrors());
        all.set("ServerError", serverError());
        components.set("schemas", all);
        return doc;
    }

    private static void operation(ObjectNode paths, Web.RouteInfo r, Schemas schemas) {
        ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
        ObjectNode op = path.putObject(r.method().toLowerCase(Locale.ROOT));
        Described.Op described = Described.OPS.get(r.method() + " " + r.path());
        op.put("operationId", operationId(r));
        op.put("summary", described != null ? described.summary() : r.method() + " " + r.path());
        op.putArray("tags").add(tag(r.path()));
        op.put("x-latchkey-access", r.access().name().toLowerCase(Locale.ROOT));
        security(op, r.access());
        parameters(op, r.path());
        if (described != null && described.body() != null) {
            op.putObject("requestBody").put("required", true).putObject("content").putObject(JSON).set("schema", described.body());
        }
        ObjectNode responses = op.putObject("responses");
        if (described == null) {
            responses.putObject("200").put("description", "OK").putObject("content").putObject(JSON).putObject("schema");
        } else if (described.response() == null) {
            responses.putObject("204").put("description", "Done; no body");
        } else {
            responses.putObject("200").put("description", "OK").putObject("content").putObject(JSON)
                    .set("schema", schemas.of(described.response()));
        }
        boolean hasInput = r.path().contains("{") || !r.method().equals("GET") || described == null;
        if (hasInput) ref(responses, "400", "BadRequest");
        if (r.access() != Access.PUBLIC) ref(responses, "401", "Unauthenticated");
        if (r.access() != Access.PUBLIC) ref(responses, "403", "Forbidden");
        if (r.path().contains("{")) ref(responses, "404", "NotFound");
        ref(responses, "500", "ServerError");
    }

    private static String operationId(Web.RouteInfo r) {
        String id = r.method().toLowerCase(Locale.ROOT) + r.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
        return id.endsWith("_") ? id.substring(0, id.length() - 1) : id;
    }

    private static String tag(String path) {
        String[] parts = path.split("/");
        return parts.length > 2 ? parts[2] : "api";
    }

    private static void security(ObjectNode op, Access access) {
        ArrayNode security = op.putArray("security");
        if (access == Access.PUBLIC) {
            security.addObject(); // anonymous allowed; credentials, when sent, show the caller more
            security.addObject().putArray("session");
            return;
        }
        for (String scheme : List.of("apiKey", "session", "sessionCookie")) security.addObject().putArray(scheme);
    }

    private static void parameters(ObjectNode op, String path) {
        Matcher m = PARAM.matcher(path);
        ArrayNode params = null;
        while (m.find()) {
            if (params == null) params = op.putArray("parameters");
            ObjectNode p = params.addObject().put("name", m.group(1)).put("in", "path").put("required", true);
            p.putObject("schema").put("type", "string");
        }
    }

    private static void ref(ObjectNode responses, String status, String name) {
        responses.putObject(status).put("$ref", "#/components/responses/" + name);
    }

    private static ObjectNode securitySchemes() {
        ObjectNode s = F.objectNode();
        s.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-API-Key")
                .put("description", "An API key (lk_... or a provisioned mb_... key). Tried only when no valid session is presented.");
        s.putObject("session").put("type", "apiKey").put("in", "header").put("name", "X-Metabase-Session")
                .put("description", "A session id from POST /api/session.");
        s.putObject("sessionCookie").put("type", "apiKey").put("in", "cookie").put("name", Web.SESSION_COOKIE)
                .put("description", "The browser session cookie; state-changing requests must also be same-origin.");
        return s;
    }

    private static ObjectNode errorResponses() {
        ObjectNode r = F.objectNode();
        ObjectNode bad = r.putObject("BadRequest").put("description", "Invalid input: field errors, or a plain-text message");
        ObjectNode badContent = bad.putObject("content");
        badContent.putObject(JSON).putObject("schema").put("$ref", "#/components/schemas/FieldErrors");
        badContent.putObject(TEXT).putObject("schema").put("type", "string");
        text(r, "Unauthenticated", "No valid session or API key", AppError.UNAUTHENTICATED);
        text(r, "Forbidden", "The caller may not do this", AppError.FORBIDDEN);
        text(r, "NotFound", "No such object", AppError.NOT_FOUND);
        r.putObject("ServerError").put("description", "An unexpected error; the request id is also in the X-Request-Id header and the logs")
                .putObject("content").putObject(JSON).putObject("schema").put("$ref", "#/components/schemas/ServerError");
        return r;
    }

    private static void text(ObjectNode r, String name, String description, String example) {
        ObjectNode schema = r.putObject(name).put("description", description).putObject("content").putObject(TEXT).putObject("schema");
        schema.put("type", "string");
        schema.putArray("examples").add(example);
    }

    /** Metabase's 400 shape: a message per field, and optionally the specific error per field. */
    private static ObjectNode fieldErrors() {
        ObjectNode s = F.objectNode().put("type", "object");
        ObjectNode props = s.putObject("properties");
        props.putObject("errors").put("type", "object").putObject("additionalProperties").put("type", "string");
        props.putObject("specific-errors").put("type", "object");
        s.putArray("required").add("errors");
        return s;
    }

    private static ObjectNode serverError() {
        ObjectNode s = F.objectNode().put("type", "object");
        ObjectNode props = s.putObject("properties");
        props.putObject("message").put("type", "string");
        props.putObject("request_id").put("type", "string");
        s.putArray("required").add("message").add("request_id");
        return s;
    }
}
