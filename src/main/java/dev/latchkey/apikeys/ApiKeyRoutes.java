package dev.latchkey.apikeys;

import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/** /api/api-key: Metabase's API-key endpoints, all for admins only. */
public final class ApiKeyRoutes implements Routes {
    private final ApiKeyService keys;

    public ApiKeyRoutes(ApiKeyService keys) { this.keys = keys; }

    @Override
    public void register(Router r) {
        r.get("/api/api-key", Access.ADMIN, ctx -> ctx.json(keys.list(Web.actor(ctx), "true".equals(ctx.queryParam("include_personal")))));
        r.get("/api/api-key/count", Access.ADMIN, ctx -> ctx.json(keys.count(Web.actor(ctx))));
        r.post("/api/api-key", Access.ADMIN, ctx -> {
            Body body = Web.body(ctx);
            String name = Body.maxLength("name", body.requiredNonBlank("name"), ApiKeyService.MAX_NAME);
            long groupId = body.requiredPositiveInt("group_id");
            ctx.json(keys.create(Web.actor(ctx), name, groupId, KeyRestrictions.parse(body.get("restrictions"))));
        });
        r.put("/api/api-key/{id}", Access.ADMIN, ctx -> {
            long id = Params.id(ctx);
            Body body = Web.body(ctx);
            String name = Body.maxLength("name", body.optionalNonBlank("name"), ApiKeyService.MAX_NAME);
            Long groupId = body.optionalPositiveInt("group_id");
            KeyRestrictions restrictions = body.has("restrictions") ? KeyRestrictions.parse(body.get("restrictions")) : null;
            ctx.json(keys.update(Web.actor(ctx), id, name, groupId, restrictions));
        });
        r.put("/api/api-key/{id}/regenerate", Access.ADMIN, ctx -> ctx.json(keys.regenerate(Web.actor(ctx), Params.id(ctx))));
        r.delete("/api/api-key/{id}", Access.ADMIN, ctx -> {
            keys.delete(Web.actor(ctx), Params.id(ctx));
            Web.noContent(ctx);
        });
    }
}
