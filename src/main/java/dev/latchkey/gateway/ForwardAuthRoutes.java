package dev.latchkey.gateway;

import dev.latchkey.web.Access;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;
import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * /api/auth/verify for nginx auth_request, Traefik forwardAuth and Envoy ext_authz (which appends the original
 * path: /api/auth/verify/&lt;path&gt;). Any method, since proxies forward the original one. The key comes from
 * X-API-Key or Authorization: Bearer; the original request from X-Forwarded-Method and X-Forwarded-Uri or
 * X-Original-URI; the client's address through the trusted-proxy rule every route uses ({@link Web#clientAddress}).
 */
public final class ForwardAuthRoutes implements Routes {
    static final String PATH = "/api/auth/verify";
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,16}");
    private final ForwardAuth auth;

    public ForwardAuthRoutes(ForwardAuth auth) { this.auth = auth; }

    @Override
    public void register(Router r) {
        r.any(PATH, Access.KEY_CHECK, this::verify);
        r.any(PATH + "/<path>", Access.KEY_CHECK, this::verify);
    }

    private void verify(Context ctx) {
        ForwardAuth.Allowed allowed;
        try {
            allowed = auth.verify(apiKey(ctx), new ForwardAuth.Forwarded(method(ctx), path(ctx), Web.clientAddress(ctx)));
        } catch (ForwardAuth.Refused refused) {
            refused.decision.headers().forEach(ctx::header);
            throw refused.decision.error();
        }
        allowed.headers().forEach(ctx::header);
        ctx.header("X-Latchkey-User-Id", Long.toString(allowed.userId()));
        ctx.header("X-Latchkey-Key-Id", Long.toString(allowed.keyId()));
        ctx.header("X-Latchkey-Groups", String.join(",", allowed.groupNames().stream().map(ForwardAuthRoutes::headerSafe).toList()));
        ctx.status(200).result("");
    }

    /** X-API-Key, else the token of Authorization: Bearer; null when neither is sent. */
    static String apiKey(Context ctx) {
        String key = ctx.header("X-API-Key");
        if (key != null && !key.isBlank()) return key.trim();
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** X-Forwarded-Method, else the method of this request (nginx's subrequest and Envoy keep the original one). */
    private static String method(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Method");
        if (forwarded != null && METHOD.matcher(forwarded.trim()).matches()) return forwarded.trim().toUpperCase(Locale.ROOT);
        return ctx.method().name();
    }

    /** The original path without its query: X-Forwarded-Uri, X-Original-URI, Envoy's appended path, else "/". */
    static String path(Context ctx) {
        String uri = firstNonBlank(ctx.header("X-Forwarded-Uri"), ctx.header("X-Original-URI"));
        if (uri == null) {
            String own = ctx.req().getRequestURI();
            uri = own.length() > PATH.length() ? own.substring(PATH.length()) : "/";
        }
        int end = uri.length();
        for (char c : new char[] {'?', '#'}) {
            int i = uri.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        String path = uri.substring(0, end);
        return path.startsWith("/") ? path : "/" + path;
    }

    /** Group names are free text: commas, percent signs and anything outside printable ASCII are percent-encoded. */
    static String headerSafe(String name) {
        boolean plain = name.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != ',' && c != '%');
        return plain ? name : URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) return a.trim();
        return b != null && !b.isBlank() ? b.trim() : null;
    }
}
