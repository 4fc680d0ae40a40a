package dev.latchkey.auth;

import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.SessionCookies;
import dev.latchkey.web.Web;

import java.util.Map;

/** POST /api/session (sign in) and DELETE /api/session (sign out). */
public final class SessionRoutes implements Routes {
    private final SessionService sessions;
    private final SessionCookies cookies;

    public SessionRoutes(SessionService sessions, SessionCookies cookies) {
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @Override
    public void register(Router r) {
        r.post("/api/session", Access.PUBLIC, ctx -> {
            Body body = Web.body(ctx);
            String username = body.requiredNonBlank("username");
            String password = body.requiredNonBlank("password");
            String id = sessions.login(username, password, Web.clientAddress(ctx));
            cookies.set(ctx, id, Boolean.TRUE.equals(body.optionalBoolean("remember")));
            ctx.json(Map.of("id", id));
        });
        r.delete("/api/session", Access.PUBLIC, ctx -> {
            sessions.logout(Web.sessionId(ctx));
            cookies.clear(ctx);
            Web.noContent(ctx);
        });
    }
}
