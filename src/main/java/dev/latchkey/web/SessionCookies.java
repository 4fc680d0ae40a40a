package dev.latchkey.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/** The metabase.SESSION cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, Max-Age only with "remember". */
public final class SessionCookies {
    private final long maxAgeSeconds;

    public SessionCookies(long maxAgeSeconds) { this.maxAgeSeconds = maxAgeSeconds; }

    public void set(Context ctx, String sessionId, boolean remember) {
        Cookie c = new Cookie(Web.SESSION_COOKIE, sessionId);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSameSite(SameSite.LAX);
        c.setSecure(isHttps(ctx));
        c.setMaxAge(remember ? (int) Math.min(Integer.MAX_VALUE, maxAgeSeconds) : -1);
        ctx.cookie(c);
    }

    public void clear(Context ctx) {
        Cookie c = new Cookie(Web.SESSION_COOKIE, "");
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSameSite(SameSite.LAX);
        c.setMaxAge(0);
        ctx.cookie(c);
    }

    private static boolean isHttps(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
