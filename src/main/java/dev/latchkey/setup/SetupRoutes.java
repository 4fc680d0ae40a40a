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
            Body user = Body.of(objectOrEmpty(body, "user"));
            Body prefs = Body.of(objectOrEmpty(body, "prefs"));
            String token = body.optionalString("token");
            String siteName = prefs.optionalNonBlank("site_name");
            if (siteName == null) siteName = user.optionalNonBlank("site_name");
            if (siteName == null) siteName = prefs.requiredNonBlank("site_name");
            var in = new SetupService.NewAdmin(token, user.requiredEmail("email"),
                    Body.maxLength("first_name", user.optionalNonBlank("first_name"), 254),
                    Body.maxLength("last_name", user.optionalNonBlank("last_name"), 254),
                    user.optionalString("password"), Body.maxLength("site_name", siteName, 254));
            String sessionId = setup.setUp(in);
            cookies.set(ctx, sessionId, Boolean.TRUE.equals(body.optionalBoolean("remember")));
            ctx.json(Map.of("id", sessionId));
        });
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode objectOrEmpty(Body body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw dev.latchkey.core.AppError.invalid(field, "value must be a map.", node.toString());
        return (com.fasterxml.jackson.databind.node.ObjectNode) node;
    }
}
