package dev.latchkey.apikeys;

import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/** /api/user/current/api-key: a person's own keys (a Latchkey extension); any signed-in person. */
public final class PersonalKeyRoutes implements Routes {
    private final PersonalKeys keys;

    public PersonalKeyRoutes(PersonalKeys keys) { this.keys = keys; }

    @Override
    public void register(Router r) {
        r.get("/api/user/current/api-key", Access.AUTHENTICATED, ctx -> ctx.json(keys.list(Web.actor(ctx))));
        r.post("/api/user/current/api-key", Access.AUTHENTICATED, ctx -> {
            Body body = Web.body(ctx);
            String name = Body.maxLength("name", body.requiredNonBlank("name"), ApiKeyService.MAX_NAME);
            ctx.json(keys.create(Web.actor(ctx), name, KeyRestrictions.parse(body.get("restrictions"))));
        });
        r.put("/api/user/current/api-key/{id}/regenerate", Access.AUTHENTICATED,
                ctx -> ctx.json(keys.regenerate(Web.actor(ctx), Params.id(ctx))));
        r.delete("/api/user/current/api-key/{id}", Access.AUTHENTICATED, ctx -> {
            keys.delete(Web.actor(ctx), Params.id(ctx));
            Web.noContent(ctx);
        });
    }
}
