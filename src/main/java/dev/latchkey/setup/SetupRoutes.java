package dev.latchkey.setup;

import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.SessionCookies;
import dev.latchkey.web.Web;

import java.util.Map;

/** Public session properties and first-run setup (health is web.Health). */
public final class SetupRoutes implements Routes {
    private final SetupService setup;
    private final SessionCookies cookies;

    public SetupRoutes(SetupService setup, SessionCookies cookies) {
        this.setup = setup;
        this.cookies = cookies;
    }

    @Override
    public void register(Router r) {
        r.get("/api/session/properties", Access.PUBLIC, ctx -> ctx.json(setup.properties(Web.actorOrNull(ctx))));
        r.post("/api/setup", Access.PUBLIC, ctx -> {
            Body body = Web.body(ctx);
            String sessionId = setup.setUp(SetupInputs.parse(body));
            cookies.set(ctx, sessionId, Boolean.TRUE.equals(body.optionalBoolean("remember")));
            ctx.json(Map.of("id", sessionId));
        });
    }
}
